package dev.fusion4j.model;

import dev.fusion4j.fusion.FusionModule;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorModule;
import java.util.ArrayList;
import java.util.List;

/**
 * A fusion module followed by the head's {@link OutputLayer} ({@code output.*}); late fusion,
 * which already outputs probabilities, has none.
 */
final class ModelModule implements TensorModule {
    private final FusionModule fusion;
    private final OutputLayer output;

    ModelModule(FusionModule fusion, OutputLayer output) {
        this.fusion = fusion;
        this.output = output;
    }

    FusionModule fusion() {
        return fusion;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>(fusion.parameters());
        specs.addAll(output.parameters());
        return specs;
    }

    @Override
    public Tensor forward(ModuleContext context, List<Tensor> inputs) {
        return output.apply(context, fusion.forward(context, inputs));
    }
}
