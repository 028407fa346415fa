package dev.fusion4j.internal.tensor.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import dev.fusion4j.internal.tensor.TensorModule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A {@link TensorModule}'s declared parameters as the DJL {@link Parameter}s of the block that
 * runs it, so DJL's optimisers and autograd work on them, and the {@link ModuleContext} of each
 * pass of that block. Also converts between a pass's {@link NDList} and tensors.
 */
public final class DjlParameters {
    private final Map<String, Parameter> declared = new LinkedHashMap<>();
    private final SplittableRandom random;

    /**
     * @param initialValues each parameter's starting values, row-major
     * @param seed seeds the dropout masks of training passes
     * @param register adds a parameter to the block (its {@code addParameter})
     * @throws IllegalArgumentException if two parameters share a name
     */
    public DjlParameters(List<ParameterSpec> specs, Function<ParameterSpec, float[]> initialValues, long seed,
                         UnaryOperator<Parameter> register) {
        this.random = new SplittableRandom(seed);
        for (ParameterSpec spec : ParameterSpec.byName(specs).values()) {
            Parameter parameter = Parameter.builder()
                    .setName(spec.name())
                    .setType(Parameter.Type.OTHER)
                    .optShape(new Shape(spec.shapeArray()))
                    .optInitializer(DjlArrays.fixedInitializer(initialValues.apply(spec)))
                    .optRequiresGrad(spec.trainable())
                    .build();
            declared.put(spec.name(), register.apply(parameter));
        }
    }

    /** Initial values from {@link ParameterSpec#initialValues(long)}. */
    public static Function<ParameterSpec, float[]> seeded(long seed) {
        return spec -> spec.initialValues(seed);
    }

    /**
     * Initial values from {@code values} by name (a trained or loaded model's).
     *
     * @throws IllegalArgumentException (when applied) if a parameter has no value or the wrong size
     */
    public static Function<ParameterSpec, float[]> given(Map<String, float[]> values) {
        return spec -> {
            float[] value = values.get(spec.name());
            if (value == null || value.length != spec.elementCount()) {
                throw new IllegalArgumentException("parameter '" + spec.name() + "' of shape " + spec.shape()
                        + " needs " + spec.elementCount() + " values, got "
                        + (value == null ? "none" : value.length));
            }
            return value.clone();
        };
    }

    /**
     * A copy of every parameter's current values, by name (row-major).
     *
     * @throws IllegalStateException if the block has not been initialised
     */
    public Map<String, float[]> values() {
        Map<String, float[]> values = new LinkedHashMap<>();
        declared.forEach((name, parameter) -> {
            if (!parameter.isInitialized()) {
                throw new IllegalStateException("parameter '" + name + "' is not initialised; call initialize first");
            }
            values.put(name, parameter.getArray().toFloatArray());
        });
        return Collections.unmodifiableMap(values);
    }

    /** The context of one pass whose arrays live on {@code backend}: parameters come from {@code store}. */
    public ModuleContext context(ParameterStore store, DjlBackend backend, boolean training) {
        Device device = backend.device();
        return new Context(backend, training, random) {
            @Override
            public Tensor parameter(String name) {
                return backend.wrap(store.getValue(lookup(name), device, training));
            }
        };
    }

    /** The shape of {@code module}'s output for the inputs {@code zeros} makes, with every parameter zero. */
    public <I> Shape outputShape(TensorModule<I> module, Function<DjlBackend, I> zeros) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlBackend.ENGINE)) {
            DjlBackend backend = DjlBackend.wrap(manager);
            Tensor output = module.forward(new Context(backend, false, new SplittableRandom(0)) {
                @Override
                public Tensor parameter(String name) {
                    return backend.wrap(manager.zeros(lookup(name).getShape()));
                }
            }, zeros.apply(backend));
            return new Shape(output.shape());
        }
    }

    /** The arrays of a pass as tensors of {@code backend}. */
    public static List<Tensor> wrap(DjlBackend backend, NDList arrays) {
        List<Tensor> tensors = new ArrayList<>(arrays.size());
        for (NDArray array : arrays) {
            tensors.add(backend.wrap(array));
        }
        return tensors;
    }

    /**
     * DJL tensors as a pass's arrays.
     *
     * @throws IllegalArgumentException if a tensor is not a DJL one
     */
    public static NDList unwrap(List<Tensor> tensors) {
        NDList arrays = new NDList(tensors.size());
        for (Tensor tensor : tensors) {
            if (!(tensor instanceof DjlTensor djl)) {
                throw new IllegalArgumentException("a DJL block got a " + tensor.backend().name() + " tensor");
            }
            arrays.add(djl.ndArray());
        }
        return arrays;
    }

    private Parameter lookup(String name) {
        Parameter parameter = declared.get(name);
        if (parameter == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; declared: " + declared.keySet());
        }
        return parameter;
    }

    private abstract static class Context implements ModuleContext {
        private final TensorBackend backend;
        private final boolean training;
        private final SplittableRandom random;

        Context(TensorBackend backend, boolean training, SplittableRandom random) {
            this.backend = backend;
            this.training = training;
            this.random = random;
        }

        @Override
        public SplittableRandom random() {
            return random;
        }

        @Override
        public TensorBackend backend() {
            return backend;
        }

        @Override
        public boolean isTraining() {
            return training;
        }
    }
}
