package dev.fusion4j.fusion;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorModule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link FusionOperator} with its input transforms, as a {@link TensorModule}: run it in a
 * {@link dev.fusion4j.internal.tensor.djl.DjlModuleBlock} to train, or a
 * {@link dev.fusion4j.internal.tensor.nd4j.Nd4jModuleRunner} to serve. Its inputs are
 * {@link FusionInputs#flatten()}: values, padding mask and presence of each schema modality.
 */
public final class FusionModule implements TensorModule {
    private final FusionOperator operator;
    private final List<InputTransform> transforms;

    /**
     * @param transforms applied in order before the operator (e.g. modality dropout, then imputation)
     * @throws IllegalArgumentException if two parameters share a name
     */
    public FusionModule(FusionOperator operator, List<InputTransform> transforms) {
        this.operator = operator;
        this.transforms = List.copyOf(transforms);
        Set<String> names = new HashSet<>();
        for (ParameterSpec spec : parameters()) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("parameter '" + spec.name() + "' is declared twice");
            }
        }
    }

    public FusionModule(FusionOperator operator) {
        this(operator, List.of());
    }

    public FusionOperator operator() {
        return operator;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        transforms.forEach(t -> specs.addAll(t.parameters()));
        specs.addAll(operator.parameters());
        return specs;
    }

    @Override
    public Tensor forward(ModuleContext context, List<Tensor> inputs) {
        FusionInputs fusionInputs = FusionInputs.unflatten(operator.schema(), inputs);
        for (InputTransform transform : transforms) {
            fusionInputs = transform.apply(context, fusionInputs);
        }
        return operator.fuse(context, fusionInputs);
    }
}
