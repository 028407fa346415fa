package dev.fusion4j.internal.fusion;

import dev.fusion4j.internal.tensor.FixedModuleContext;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** A context with parameters set by hand, for formula tests. */
final class FixedContext implements ModuleContext {
    private final TensorBackend backend;
    private final Map<String, Tensor> parameters = new HashMap<>();
    private final boolean training;
    private final long seed;
    private FixedModuleContext context;

    FixedContext(TensorBackend backend, boolean training, long seed) {
        this.backend = backend;
        this.training = training;
        this.seed = seed;
    }

    FixedContext(TensorBackend backend) {
        this(backend, false, 0);
    }

    FixedContext set(String name, float[] values, long... shape) {
        parameters.put(name, backend.fromArray(values, shape));
        context = null;
        return this;
    }

    private FixedModuleContext context() {
        if (context == null) {
            context = new FixedModuleContext(backend, parameters, training, seed);
        }
        return context;
    }

    @Override
    public TensorBackend backend() {
        return backend;
    }

    @Override
    public Tensor parameter(String name) {
        return context().parameter(name);
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    @Override
    public SplittableRandom random() {
        return context().random();
    }
}
