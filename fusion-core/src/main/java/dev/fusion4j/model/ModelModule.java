package dev.fusion4j.model;

import dev.fusion4j.fusion.FusionInputs;
import dev.fusion4j.fusion.FusionOperator;
import dev.fusion4j.fusion.InputTransform;
import dev.fusion4j.internal.nn.Linear;
import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorModule;
import dev.fusion4j.internal.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's computation from its fusion inputs: the input transforms (modality dropout) in order,
 * the fusion operator, then the output layer {@code output.*} ({@code fused W + b}, one column
 * per head output); late fusion, which already outputs probabilities, has none. An embedding head
 * outputs {@code [e / |e|, 16 · cos(e, p_c)]}: the unit embedding, then the scaled cosines to the
 * learned class prototypes {@code output.prototypes [width, classes]} that its loss uses.
 */
final class ModelModule implements TensorModule<FusionInputs> {
    /** The scale of the cosine softmax of embedding heads. */
    static final float COSINE_SCALE = 16f;

    private final List<InputTransform> transforms;
    private final FusionOperator operator;
    private final Linear output;
    private final int prototypes;

    /**
     * @param transforms applied in order before the operator
     * @param outputs the width of the output layer, 0 for none
     */
    ModelModule(List<InputTransform> transforms, FusionOperator operator, int outputs) {
        this(transforms, operator, outputs, 0);
    }

    private ModelModule(List<InputTransform> transforms, FusionOperator operator, int outputs, int prototypes) {
        this.transforms = List.copyOf(transforms);
        this.operator = operator;
        this.output = outputs == 0 ? null : new Linear("output", operator.outputWidth(), outputs);
        this.prototypes = prototypes;
    }

    /** An embedding head of {@code width} values trained against {@code classes} prototypes. */
    static ModelModule embedding(List<InputTransform> transforms, FusionOperator operator, int width, int classes) {
        return new ModelModule(transforms, operator, width, classes);
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        transforms.forEach(t -> specs.addAll(t.parameters()));
        specs.addAll(operator.parameters());
        if (output != null) {
            specs.addAll(output.parameters());
        }
        if (prototypes > 0) {
            specs.add(ParameterSpec.of("output.prototypes", Initializer.xavierUniform(), output.outputWidth(),
                    prototypes));
        }
        return specs;
    }

    @Override
    public Tensor forward(ModuleContext context, FusionInputs inputs) {
        FusionInputs transformed = inputs;
        for (InputTransform transform : transforms) {
            transformed = transform.apply(context, transformed);
        }
        Tensor fused = operator.fuse(context, transformed);
        if (output == null) {
            return fused;
        }
        Tensor out = output.apply(context, fused);
        if (prototypes == 0) {
            return out;
        }
        Tensor embedding = Tensors.l2Normalize(out, -1);
        Tensor unitPrototypes = Tensors.l2Normalize(context.parameter("output.prototypes"), 0);
        Tensor cosines = embedding.matmul(unitPrototypes).mul(COSINE_SCALE);
        return context.backend().concat(java.util.List.of(embedding, cosines), -1);
    }
}
