package dev.fusion4j.model;

import dev.fusion4j.internal.fusion.FusionInputs;
import dev.fusion4j.internal.fusion.FusionOperator;
import dev.fusion4j.internal.fusion.InputTransform;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorModule;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's computation from its fusion inputs: the input transforms (modality dropout) in order,
 * the fusion operator, then the head's {@link OutputLayer} ({@code output.*}); late fusion, which
 * already outputs probabilities, has none.
 */
final class ModelModule implements TensorModule<FusionInputs> {
    private final List<InputTransform> transforms;
    private final FusionOperator operator;
    private final OutputLayer output;

    /**
     * @param transforms applied in order before the operator
     */
    ModelModule(List<InputTransform> transforms, FusionOperator operator, OutputLayer output) {
        this.transforms = List.copyOf(transforms);
        this.operator = operator;
        this.output = output;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        transforms.forEach(t -> specs.addAll(t.parameters()));
        specs.addAll(operator.parameters());
        specs.addAll(output.parameters());
        return specs;
    }

    @Override
    public Tensor forward(ModuleContext context, FusionInputs inputs) {
        FusionInputs transformed = inputs;
        for (InputTransform transform : transforms) {
            transformed = transform.apply(context, transformed);
        }
        return output.apply(context, operator.fuse(context, transformed));
    }
}
