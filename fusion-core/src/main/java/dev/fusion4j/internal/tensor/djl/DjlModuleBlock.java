package dev.fusion4j.internal.tensor.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorLayout;
import dev.fusion4j.internal.tensor.TensorModule;
import java.util.List;
import java.util.Map;

/**
 * A DJL {@link ai.djl.nn.Block} running a {@link TensorModule}: each declared parameter becomes a
 * DJL parameter (see {@link DjlParameters}), so DJL's trainer, optimisers and autograd work on it.
 * Its {@link NDList} holds the module's inputs as {@code layout} packs them. Initial values come
 * from {@link dev.fusion4j.internal.tensor.ParameterSpec#initialValues(long)} with the given seed.
 *
 * @param <I> the module's inputs
 */
public final class DjlModuleBlock<I> extends AbstractBlock {
    private static final byte VERSION = 1;

    private final TensorModule<I> module;
    private final TensorLayout<I> layout;
    private final DjlParameters parameters;

    /**
     * @param seed seeds the initial parameter values and the dropout masks of training passes
     * @throws IllegalArgumentException if the module declares two parameters of one name
     */
    public DjlModuleBlock(TensorModule<I> module, TensorLayout<I> layout, long seed) {
        super(VERSION);
        this.module = module;
        this.layout = layout;
        this.parameters = new DjlParameters(module.parameters(), DjlParameters.seeded(seed), seed, this::addParameter);
    }

    /** A block for a module whose inputs are a list of tensors. */
    public static DjlModuleBlock<List<Tensor>> flat(TensorModule<List<Tensor>> module, long seed) {
        return new DjlModuleBlock<>(module, TensorLayout.flat(), seed);
    }

    /**
     * The module's inputs as this block's {@link NDList}.
     *
     * @throws IllegalArgumentException if they are not DJL tensors
     */
    public NDList pack(I inputs) {
        return DjlParameters.unwrap(layout.pack(inputs));
    }

    /**
     * A copy of every parameter's current values, by name (row-major).
     *
     * @throws IllegalStateException if the block has not been initialised
     */
    public Map<String, float[]> parameterValues() {
        return parameters.values();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        DjlBackend backend = DjlBackend.wrap(inputs.head().getManager());
        I typed = layout.unpack(DjlParameters.wrap(backend, inputs));
        return DjlParameters.unwrap(List.of(module.forward(parameters.context(store, backend, training), typed)));
    }

    /** Runs the module once on zeros to find the output shape. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {parameters.outputShape(module, backend -> {
            NDList zeros = new NDList();
            for (Shape shape : inputShapes) {
                zeros.add(backend.manager().zeros(shape));
            }
            return layout.unpack(DjlParameters.wrap(backend, zeros));
        })};
    }
}
