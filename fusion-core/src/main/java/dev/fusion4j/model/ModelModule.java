package dev.fusion4j.model;

import dev.fusion4j.fusion.FusionModule;
import dev.fusion4j.nn.Linear;
import dev.fusion4j.tensor.ModuleContext;
import dev.fusion4j.tensor.ParameterSpec;
import dev.fusion4j.tensor.Tensor;
import dev.fusion4j.tensor.TensorModule;
import java.util.ArrayList;
import java.util.List;

/**
 * A fusion module followed by the output layer {@code output.*} ({@code fused W + b}, one column
 * per head output); late fusion, which already outputs probabilities, has none.
 */
final class ModelModule implements TensorModule {
    private final FusionModule fusion;
    private final Linear output;

    /**
     * @param outputs the width of the output layer, 0 for none
     */
    ModelModule(FusionModule fusion, int outputs) {
        this.fusion = fusion;
        this.output = outputs == 0 ? null : new Linear("output", fusion.operator().outputWidth(), outputs);
    }

    FusionModule fusion() {
        return fusion;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>(fusion.parameters());
        if (output != null) {
            specs.addAll(output.parameters());
        }
        return specs;
    }

    @Override
    public Tensor forward(ModuleContext context, List<Tensor> inputs) {
        Tensor fused = fusion.forward(context, inputs);
        return output == null ? fused : output.apply(context, fused);
    }
}
