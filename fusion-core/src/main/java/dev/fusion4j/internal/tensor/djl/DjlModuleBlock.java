package dev.fusion4j.internal.tensor.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
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

/**
 * A DJL {@link ai.djl.nn.Block} running a {@link TensorModule}: each declared parameter becomes a
 * DJL {@link Parameter}, so DJL's trainer, optimisers and autograd work on it. Initial values
 * come from {@link ParameterSpec#initialValues(long)} with the given seed.
 */
public final class DjlModuleBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final TensorModule module;
    private final Map<String, Parameter> declared = new LinkedHashMap<>();
    private final SplittableRandom random;

    /**
     * @param seed seeds the initial parameter values and the dropout masks of training passes
     * @throws IllegalArgumentException if the module declares two parameters of one name
     */
    public DjlModuleBlock(TensorModule module, long seed) {
        this(module, seed, spec -> spec.initialValues(seed));
    }

    /**
     * A block whose parameters start from {@code values} (a trained or loaded model's).
     *
     * @param seed seeds the dropout masks of training passes
     * @throws IllegalArgumentException if a declared parameter has no value or the wrong size
     */
    public DjlModuleBlock(TensorModule module, Map<String, float[]> values, long seed) {
        this(module, seed, spec -> {
            float[] value = values.get(spec.name());
            if (value == null || value.length != spec.elementCount()) {
                throw new IllegalArgumentException("parameter '" + spec.name() + "' of shape " + spec.shape()
                        + " needs " + spec.elementCount() + " values, got "
                        + (value == null ? "none" : value.length));
            }
            return value.clone();
        });
    }

    private DjlModuleBlock(TensorModule module, long seed, Function<ParameterSpec, float[]> initialValues) {
        super(VERSION);
        this.module = module;
        this.random = new SplittableRandom(seed);
        for (ParameterSpec spec : module.parameters()) {
            if (declared.containsKey(spec.name())) {
                throw new IllegalArgumentException("parameter '" + spec.name() + "' is declared twice");
            }
            Parameter parameter = Parameter.builder()
                    .setName(spec.name())
                    .setType(Parameter.Type.OTHER)
                    .optShape(new Shape(spec.shapeArray()))
                    .optInitializer(DjlArrays.fixedInitializer(initialValues.apply(spec)))
                    .optRequiresGrad(spec.trainable())
                    .build();
            declared.put(spec.name(), addParameter(parameter));
        }
    }

    /** The module this block runs. */
    public TensorModule module() {
        return module;
    }

    /**
     * A copy of every parameter's current values, by name (row-major).
     *
     * @throws IllegalStateException if the block has not been initialised
     */
    public Map<String, float[]> parameterValues() {
        Map<String, float[]> values = new LinkedHashMap<>();
        declared.forEach((name, parameter) -> {
            if (!parameter.isInitialized()) {
                throw new IllegalStateException("parameter '" + name + "' is not initialised; call initialize first");
            }
            values.put(name, parameter.getArray().toFloatArray());
        });
        return Collections.unmodifiableMap(values);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray first = inputs.head();
        DjlBackend backend = DjlBackend.wrap(first.getManager());
        Device device = first.getDevice();
        Tensor output = module.forward(new Context(backend, training, random) {
            @Override
            public Tensor parameter(String name) {
                return backend.wrap(store.getValue(lookup(name), device, training));
            }
        }, wrapAll(backend, inputs));
        return new NDList(unwrap(output));
    }

    /** Runs the module once on zeros to find the output shape. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), DjlBackend.ENGINE)) {
            DjlBackend backend = DjlBackend.wrap(manager);
            NDList zeros = new NDList();
            for (Shape shape : inputShapes) {
                zeros.add(manager.zeros(shape));
            }
            Tensor output = module.forward(new Context(backend, false, new SplittableRandom(0)) {
                @Override
                public Tensor parameter(String name) {
                    return backend.wrap(manager.zeros(lookup(name).getShape()));
                }
            }, wrapAll(backend, zeros));
            return new Shape[] {new Shape(output.shape())};
        }
    }

    private Parameter lookup(String name) {
        Parameter parameter = declared.get(name);
        if (parameter == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; declared: " + declared.keySet());
        }
        return parameter;
    }

    private static List<Tensor> wrapAll(DjlBackend backend, NDList arrays) {
        List<Tensor> tensors = new ArrayList<>(arrays.size());
        for (NDArray array : arrays) {
            tensors.add(backend.wrap(array));
        }
        return tensors;
    }

    private static NDArray unwrap(Tensor output) {
        if (output instanceof DjlTensor djl) {
            return djl.ndArray();
        }
        throw new IllegalStateException("module returned a " + output.backend().name() + " tensor to a DJL block");
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
