package dev.fusion4j.internal.tensor;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A {@link ModuleContext} over parameter tensors held in a map: inference with saved values
 * ({@link dev.fusion4j.internal.tensor.nd4j.Nd4jModuleRunner}), or hand-set parameters in tests. Immutable
 * apart from its random source.
 */
public final class FixedModuleContext implements ModuleContext {
    private final TensorBackend backend;
    private final Map<String, Tensor> parameters;
    private final boolean training;
    private final SplittableRandom random;

    /**
     * @param training whether dropout is active
     * @param seed seeds the random source of training passes
     */
    public FixedModuleContext(TensorBackend backend, Map<String, Tensor> parameters, boolean training, long seed) {
        this.backend = backend;
        this.parameters = Map.copyOf(parameters);
        this.training = training;
        this.random = new SplittableRandom(seed);
    }

    /** An inference context. */
    public static FixedModuleContext inference(TensorBackend backend, Map<String, Tensor> parameters) {
        return new FixedModuleContext(backend, parameters, false, 0);
    }

    @Override
    public TensorBackend backend() {
        return backend;
    }

    @Override
    public Tensor parameter(String name) {
        Tensor value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; the context holds " + parameters.keySet());
        }
        return value;
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    @Override
    public SplittableRandom random() {
        return random;
    }
}
