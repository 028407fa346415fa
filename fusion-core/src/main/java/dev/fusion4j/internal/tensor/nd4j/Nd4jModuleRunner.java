package dev.fusion4j.internal.tensor.nd4j;

import dev.fusion4j.FusionException;
import dev.fusion4j.internal.tensor.FixedModuleContext;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import dev.fusion4j.internal.tensor.TensorModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * over input shapes seen in its last few passes creates no ND4J object at all. The arenas live as
 * long as the runner, each holding the arrays of a few passes.
 */
public final class Nd4jModuleRunner {
    private final TensorModule module;
    private final Nd4jBackend backend;
    private final Map<String, INDArray> parameters;
    private final Queue<Session> idle = new ConcurrentLinkedQueue<>();

    /**
     * @param values every declared parameter's values by name, row-major
     * @throws FusionException if a value is missing or has the wrong number of elements
     */
    public Nd4jModuleRunner(TensorModule module, Map<String, float[]> values) {
        this.module = module;
        this.backend = Nd4jBackend.create();
        Map<String, INDArray> loaded = new LinkedHashMap<>();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (ParameterSpec spec : module.parameters()) {
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
    public static Nd4jModuleRunner initialised(TensorModule module, long seed) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ParameterSpec spec : module.parameters()) {
            values.put(spec.name(), spec.initialValues(seed));
        }
        return new Nd4jModuleRunner(module, values);
    }

    /** A backend to make {@link #forward(List)}'s inputs with. */
    public Nd4jBackend backend() {
        return backend;
    }

    /**
     * Runs the module in inference mode. The inputs, of any backend, are copied in; the output is a
     * copy on {@link #backend()}, the caller's to keep.
     */
    public Tensor forward(List<Tensor> inputs) {
        return run(session -> {
            Tensor output = session.forward(inputs);
            return backend.fromArray(output.toFloatArray(), output.shape());
        });
    }

    /**
     * Runs the module in inference mode on the tensors {@code inputs} makes with the backend it is
     * given, and returns the output's values, row-major. The way to serve: a call over input shapes
     * seen recently creates no ND4J object.
     */
    public float[] forwardValues(Function<TensorBackend, List<Tensor>> inputs) {
        return run(session -> session.forward(inputs.apply(session.backend)).toFloatArray());
    }

    private <T> T run(Function<Session, T> work) {
        Session session = idle.poll();
        if (session == null) {
            session = new Session();
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            session.arena.rewind();
            return work.apply(session);
        } finally {
            idle.offer(session);
        }
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

        Tensor forward(List<Tensor> inputs) {
            List<Tensor> own = new ArrayList<>(inputs.size());
            for (Tensor input : inputs) {
                own.add(input.backend() == backend ? input : backend.fromArray(input.toFloatArray(), input.shape()));
            }
            return module.forward(context, own);
        }
    }
}
