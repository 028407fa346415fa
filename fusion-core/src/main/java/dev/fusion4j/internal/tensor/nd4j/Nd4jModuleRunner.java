package dev.fusion4j.internal.tensor.nd4j;

import dev.fusion4j.CloseGuard;
import dev.fusion4j.FusionException;
import dev.fusion4j.internal.tensor.FixedModuleContext;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import dev.fusion4j.internal.tensor.TensorModule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a {@link TensorModule} on ND4J with fixed parameter values (inference): typically the
 * values a DJL training run produced. Thread-safe: parameters are read, never written.
 *
 * <p>ND4J frees an array's native memory only after the garbage collector has noticed the array
 * is gone, which under many small predictions lets native memory grow by gigabytes. So each
 * concurrent caller gets an arena that keeps the arrays and kernels of its forward passes: a pass
 * over input shapes seen in its last few passes creates no ND4J object at all. The arenas live
 * until {@link #close()}, each holding the arrays of a few passes.
 *
 * @param <I> the module's inputs
 */
public final class Nd4jModuleRunner<I> implements AutoCloseable {
    private final TensorModule<I> module;
    private final Nd4jBackend backend;
    private final Map<String, INDArray> parameters;
    private final Queue<Session> sessions = new ConcurrentLinkedQueue<>();
    private final CloseGuard guard = new CloseGuard("this ND4J runner");

    /**
     * @param values every declared parameter's values by name, row-major
     * @throws FusionException if a value is missing or has the wrong number of elements
     * @throws IllegalArgumentException if the module declares two parameters of one name
     */
    public Nd4jModuleRunner(TensorModule<I> module, Map<String, float[]> values) {
        this.module = module;
        this.backend = Nd4jBackend.create();
        Map<String, INDArray> loaded = new LinkedHashMap<>();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (ParameterSpec spec : ParameterSpec.byName(module.parameters()).values()) {
                float[] value = values.get(spec.name());
                if (value == null) {
                    throw new FusionException("no values for parameter '" + spec.name() + "' of shape "
                            + spec.shape());
                }
                if (value.length != spec.elementCount()) {
                    throw new FusionException("parameter '" + spec.name() + "' of shape " + spec.shape() + " needs "
                            + spec.elementCount() + " values, got " + value.length);
                }
                loaded.put(spec.name(), ((Nd4jTensor) backend.fromArray(value, spec.shapeArray())).indArray());
            }
        }
        this.parameters = Map.copyOf(loaded);
    }

    /** A runner whose parameters hold their initial values for {@code seed}. */
    public static <I> Nd4jModuleRunner<I> initialised(TensorModule<I> module, long seed) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ParameterSpec spec : module.parameters()) {
            values.put(spec.name(), spec.initialValues(seed));
        }
        return new Nd4jModuleRunner<>(module, values);
    }

    /**
     * Runs the module in inference mode on the inputs {@code inputs} makes with the backend it is
     * given; the output is a copy, the caller's to keep.
     *
     * @throws IllegalStateException if the runner is closed
     */
    public Tensor forward(Function<TensorBackend, I> inputs) {
        return run(session -> {
            Tensor output = session.forward(inputs);
            return backend.fromArray(output.toFloatArray(), output.shape());
        });
    }

    /**
     * Runs the module in inference mode on the inputs {@code inputs} makes with the backend it is
     * given, and returns the output's values, row-major. The way to serve: a call over input shapes
     * seen recently creates no ND4J object.
     *
     * @throws IllegalStateException if the runner is closed
     */
    public float[] forwardValues(Function<TensorBackend, I> inputs) {
        return run(session -> session.forward(inputs).toFloatArray());
    }

    private <T> T run(Function<Session, T> work) {
        return guard.call(() -> {
            Session session = sessions.poll();
            if (session == null) {
                session = new Session();
            }
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                session.arena.rewind();
                return work.apply(session);
            } finally {
                sessions.offer(session);
            }
        });
    }

    /**
     * Frees the parameters' and the arenas' native memory once the calls in flight have returned;
     * later calls throw {@link IllegalStateException}. Closing twice is harmless.
     */
    @Override
    public void close() {
        guard.close(() -> {
            sessions.forEach(session -> session.arena.close());
            sessions.clear();
            parameters.values().forEach(INDArray::close);
        });
    }

    /** One caller's arena, with the backend and the parameter tensors that use it. */
    private final class Session {
        final Nd4jArena arena = new Nd4jArena();
        final Nd4jBackend backend = Nd4jBackend.reusing(arena);
        final ModuleContext context;

        Session() {
            Map<String, Tensor> own = new LinkedHashMap<>();
            parameters.forEach((name, value) -> own.put(name, new Nd4jTensor(backend, value)));
            context = FixedModuleContext.inference(backend, own);
        }

        Tensor forward(Function<TensorBackend, I> inputs) {
            return module.forward(context, inputs.apply(backend));
        }
    }
}
