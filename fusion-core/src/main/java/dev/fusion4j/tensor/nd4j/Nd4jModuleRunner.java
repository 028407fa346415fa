package dev.fusion4j.tensor.nd4j;

import dev.fusion4j.FusionException;
import dev.fusion4j.tensor.FixedModuleContext;
import dev.fusion4j.tensor.ParameterSpec;
import dev.fusion4j.tensor.Tensor;
import dev.fusion4j.tensor.TensorModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a {@link TensorModule} on ND4J with fixed parameter values (inference): typically the
 * values a DJL training run produced. Thread-safe: parameters are read, never written.
 */
public final class Nd4jModuleRunner {
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.OVER_TIME)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final TensorModule module;
    private final Nd4jBackend backend;
    private final Map<String, Tensor> parameters;

    /**
     * @param values every declared parameter's values by name, row-major
     * @throws FusionException if a value is missing or has the wrong number of elements
     */
    public Nd4jModuleRunner(TensorModule module, Map<String, float[]> values) {
        this.module = module;
        this.backend = Nd4jBackend.create();
        Map<String, Tensor> loaded = new LinkedHashMap<>();
        for (ParameterSpec spec : module.parameters()) {
            float[] value = values.get(spec.name());
            if (value == null) {
                throw new FusionException("no values for parameter '" + spec.name() + "' of shape " + spec.shape());
            }
            if (value.length != spec.elementCount()) {
                throw new FusionException("parameter '" + spec.name() + "' of shape " + spec.shape() + " needs "
                        + spec.elementCount() + " values, got " + value.length);
            }
            loaded.put(spec.name(), backend.fromArray(value, spec.shapeArray()));
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

    /** The backend inputs must be made with. */
    public Nd4jBackend backend() {
        return backend;
    }

    /**
     * Runs the module in inference mode. Intermediate arrays live in a per-thread ND4J workspace
     * that is reused from call to call (ND4J otherwise frees native memory only when the garbage
     * collector notices); the output is detached from it.
     */
    public Tensor forward(List<Tensor> inputs) {
        try (MemoryWorkspace workspace = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE,
                "fusion4j-nd4j-forward")) {
            Tensor output = module.forward(FixedModuleContext.inference(backend, parameters), inputs);
            return Nd4jArrays.toTensor(backend, ((Nd4jTensor) output).indArray().detach());
        }
    }
}
