package dev.fusion4j.internal.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.data.ModalityBatch;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.tensor.Backends;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import dev.fusion4j.internal.tensor.djl.DjlBackend;
import dev.fusion4j.internal.tensor.djl.DjlModuleBlock;
import dev.fusion4j.internal.tensor.djl.DjlTensor;
import dev.fusion4j.internal.tensor.nd4j.Nd4jModuleRunner;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every fusion operator guarantees: its declared output shape, the same output on DJL and
 * ND4J, no effect of padded steps or absent modalities, and gradients equal to finite differences.
 */
class FusionOperatorContractTest {
    private static final long SEED = 17;
    private static final String OPERATORS = "dev.fusion4j.internal.fusion.Operators#all";

    @ParameterizedTest(name = "{0}")
    @MethodSource(OPERATORS)
    void outputHasTheDeclaredShapeAndBothBackendsAgree(String name, boolean differentiable,
                                                      Supplier<FusionOperator> factory) {
        FusionOperator operator = factory.get();
        MultimodalBatch batch = Operators.batch(1);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            DjlModuleBlock<FusionInputs> block = new DjlModuleBlock<>(operator, FusionInputs.layout(Operators.SCHEMA), SEED);
            NDList inputs = block.pack(FusionInputs.of(batch, Operators.SCHEMA, DjlBackend.wrap(manager)));
            block.initialize(manager, DataType.FLOAT32, inputs.getShapes());
            NDArray out = block.forward(new ParameterStore(manager, false), inputs, false).singletonOrThrow();
            assertEquals(new Shape(batch.size(), operator.outputWidth()), out.getShape());

            try (Nd4jModuleRunner<FusionInputs> runner = new Nd4jModuleRunner<>(operator, block.parameterValues())) {
                Tensor nd4j = runner.forward(backend -> FusionInputs.of(batch, Operators.SCHEMA, backend));
                float[] expected = out.toFloatArray();
                assertArrayEquals(expected, nd4j.toFloatArray(), 1e-5f, name);
                for (float v : expected) {
                    assertTrue(Float.isFinite(v), name + " gave " + v);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(OPERATORS)
    void paddedStepsAndAbsentModalitiesDoNotChangeTheOutput(String name, boolean differentiable,
                                                          Supplier<FusionOperator> factory) {
        FusionOperator operator = factory.get();
        MultimodalBatch batch = Operators.batch(2);
        Map<Modality, float[]> clean = values(batch, false);
        Map<Modality, float[]> noisy = values(batch, true);
        Map<String, float[]> parameters = initialValues(operator.parameters());

        try (Nd4jModuleRunner<FusionInputs> runner = new Nd4jModuleRunner<>(operator, parameters)) {
            float[] nd4jClean = runner.forwardValues(backend -> inputs(backend, batch, clean));
            float[] nd4jNoisy = runner.forwardValues(backend -> inputs(backend, batch, noisy));
            assertArrayEquals(nd4jClean, nd4jNoisy, 1e-6f, name + " on ND4J");
        }

        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            DjlBackend djl = DjlBackend.wrap(manager);
            FixedContext context = contextWith(djl, operator.parameters(), parameters);
            float[] djlClean = operator.fuse(context, inputs(djl, batch, clean)).toFloatArray();
            float[] djlNoisy = operator.fuse(context, inputs(djl, batch, noisy)).toFloatArray();
            assertArrayEquals(djlClean, djlNoisy, 0f, name + " on DJL");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(OPERATORS)
    void parameterGradientsMatchFiniteDifferences(String name, boolean differentiable,
                                                  Supplier<FusionOperator> factory) {
        assumeTrue(differentiable, "max and vote are piecewise constant in their inputs");
        FusionOperator operator = factory.get();
        assumeTrue(operator.parameters().stream().anyMatch(ParameterSpec::trainable), "nothing to train");
        MultimodalBatch batch = Operators.batch(3);
        Map<Modality, float[]> inputs = values(batch, false);
        Map<String, float[]> parameters = initialValues(operator.parameters());
        Random random = new Random(name.hashCode());
        float step = 1e-2f;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            DjlBackend djl = DjlBackend.wrap(manager);
            float[] weights = Backends.random(new Random(5), batch.size() * operator.outputWidth());
            Map<String, float[]> gradients = gradients(djl, operator, parameters, inputs(djl, batch, inputs), weights);
            List<ParameterSpec> trainable = operator.parameters().stream().filter(ParameterSpec::trainable).toList();
            int probes = trainable.size() > 30 ? 1 : 3;   // every parameter probed, in bounded time
            for (ParameterSpec spec : trainable) {
                for (int probe = 0; probe < probes; probe++) {
                    int index = random.nextInt(spec.elementCount());
                    double numeric = (loss(djl, operator, perturbed(parameters, spec, index, step), batch, inputs, weights)
                            - loss(djl, operator, perturbed(parameters, spec, index, -step), batch, inputs, weights))
                            / (2 * step);
                    double analytic = gradients.get(spec.name())[index];
                    assertEquals(numeric, analytic, 5e-3 + 2e-2 * Math.abs(numeric),
                            name + ": d loss / d " + spec.name() + "[" + index + "]");
                }
            }
        }
    }

    private static Map<String, float[]> gradients(DjlBackend djl, FusionOperator operator,
                                                  Map<String, float[]> parameters, FusionInputs inputs, float[] weights) {
        FixedContext context = contextWith(djl, operator.parameters(), parameters);
        Map<String, NDArray> arrays = new HashMap<>();
        for (ParameterSpec spec : operator.parameters()) {
            NDArray array = ((DjlTensor) context.parameter(spec.name())).ndArray();
            array.setRequiresGradient(true);
            arrays.put(spec.name(), array);
        }
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            Tensor out = operator.fuse(context, inputs);
            Tensor loss = out.mul(djl.fromArray(weights, out.shape())).sumAll();
            collector.backward(((DjlTensor) loss).ndArray());
        }
        Map<String, float[]> gradients = new HashMap<>();
        arrays.forEach((name, array) -> gradients.put(name, array.getGradient().toFloatArray()));
        return gradients;
    }

    private static double loss(DjlBackend djl, FusionOperator operator, Map<String, float[]> parameters,
                               MultimodalBatch batch, Map<Modality, float[]> inputs, float[] weights) {
        Tensor out = operator.fuse(contextWith(djl, operator.parameters(), parameters), inputs(djl, batch, inputs));
        return out.mul(djl.fromArray(weights, out.shape())).sumAll().toFloatArray()[0];
    }

    private static Map<String, float[]> perturbed(Map<String, float[]> parameters, ParameterSpec spec, int index,
                                                  float delta) {
        Map<String, float[]> copy = new HashMap<>(parameters);
        float[] values = parameters.get(spec.name()).clone();
        values[index] += delta;
        copy.put(spec.name(), values);
        return copy;
    }

    static Map<String, float[]> initialValues(List<ParameterSpec> specs) {
        Map<String, float[]> values = new HashMap<>();
        for (ParameterSpec spec : specs) {
            values.put(spec.name(), spec.initialValues(SEED));
        }
        return values;
    }

    static FixedContext contextWith(TensorBackend backend, List<ParameterSpec> specs, Map<String, float[]> values) {
        FixedContext context = new FixedContext(backend);
        for (ParameterSpec spec : specs) {
            context.set(spec.name(), values.get(spec.name()), spec.shapeArray());
        }
        return context;
    }

    /** Each modality's collated values; with noise, padded and absent entries get N(0, 25). */
    static Map<Modality, float[]> values(MultimodalBatch batch, boolean noiseWherePadded) {
        Random random = new Random(123);
        Map<Modality, float[]> all = new LinkedHashMap<>();
        for (Modality modality : Operators.SCHEMA.modalities()) {
            ModalityBatch m = batch.modality(modality);
            float[] values = m.values();
            float[] padding = m.paddingMask();
            if (noiseWherePadded) {
                for (int i = 0; i < values.length; i++) {
                    if (padding[i / m.dim()] == 0f) {
                        values[i] = (float) (5 * random.nextGaussian());
                    }
                }
            }
            all.put(modality, values);
        }
        return all;
    }

    /** The batch's inputs with each modality's values replaced by {@code values}'. */
    static FusionInputs inputs(TensorBackend backend, MultimodalBatch batch, Map<Modality, float[]> values) {
        Map<Modality, ModalityTensors> tensors = new LinkedHashMap<>();
        for (Modality modality : Operators.SCHEMA.modalities()) {
            ModalityBatch m = batch.modality(modality);
            tensors.put(modality, ModalityTensors.of(m, backend).withValues(
                    backend.fromArray(values.get(modality), m.batchSize(), m.maxLength(), m.dim())));
        }
        return FusionInputs.of(Operators.SCHEMA, tensors);
    }
}
