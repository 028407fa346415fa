package dev.fusion4j.tensor.nd4j;

import dev.fusion4j.FusionException;
import dev.fusion4j.tensor.FixedModuleContext;
import dev.fusion4j.tensor.ParameterSpec;
import dev.fusion4j.tensor.Tensor;
import dev.fusion4j.tensor.TensorModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link TensorModule} on ND4J with fixed parameter values (inference): typically the
 * values a DJL training run produced. Thread-safe: parameters are read, never written.
 */
public final class Nd4jModuleRunner {
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

    /** Runs the module in inference mode. */
    public Tensor forward(List<Tensor> inputs) {
        return module.forward(FixedModuleContext.inference(backend, parameters), inputs);
    }
}
