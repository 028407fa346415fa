package dev.fusion4j.fusion;

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
import java.util.ArrayList;
import java.util.HashMap;
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
    private static final String OPERATORS = "dev.fusion4j.fusion.Operators#all";

    @ParameterizedTest(name = "{0}")
    @MethodSource(OPERATORS)
    void outputHasTheDeclaredShapeAndBothBackendsAgree(String name, boolean differentiable,
                                                      Supplier<FusionOperator> factory) {
        FusionModule module = new FusionModule(factory.get());
        MultimodalBatch batch = Operators.batch(1);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            DjlBackend djl = DjlBackend.wrap(manager);
            List<Tensor> inputs = FusionInputs.of(batch, Operators.SCHEMA, djl).flatten();
            DjlModuleBlock block = new DjlModuleBlock(module, SEED);
            block.initialize(manager, DataType.FLOAT32, shapes(inputs));
            NDArray out = runDjl(block, manager, inputs);
            assertEquals(new Shape(batch.size(), module.operator().outputWidth()), out.getShape());

            Nd4jModuleRunner runner = new Nd4jModuleRunner(module, block.parameterValues());
            Tensor nd4j = runner.forward(FusionInputs.of(batch, Operators.SCHEMA, runner.backend()).flatten());
            float[] expected = out.toFloatArray();
            assertArrayEquals(expected, nd4j.toFloatArray(), 1e-5f, name);
            for (float v : expected) {
                assertTrue(Float.isFinite(v), name + " gave " + v);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(OPERATORS)
    void paddedStepsAndAbsentModalitiesDoNotChangeTheOutput(String name, boolean differentiable,
                                                          Supplier<FusionOperator> factory) {
        FusionModule module = new FusionModule(factory.get());
        MultimodalBatch batch = Operators.batch(2);
        List<float[]> clean = flatValues(batch, false);
        List<float[]> noisy = flatValues(batch, true);
        Map<String, float[]> parameters = initialValues(module);

        Nd4jModuleRunner runner = new Nd4jModuleRunner(module, parameters);
        float[] nd4jClean = runner.forward(tensors(runner.backend(), batch, clean)).toFloatArray();
        float[] nd4jNoisy = runner.forward(tensors(runner.backend(), batch, noisy)).toFloatArray();
        assertArrayEquals(nd4jClean, nd4jNoisy, 1e-6f, name + " on ND4J");

        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            DjlBackend djl = DjlBackend.wrap(manager);
            FixedContext context = contextWith(djl, module, parameters);
            float[] djlClean = module.forward(context, tensors(djl, batch, clean)).toFloatArray();
            float[] djlNoisy = module.forward(context, tensors(djl, batch, noisy)).toFloatArray();
            assertArrayEquals(djlClean, djlNoisy, 0f, name + " on DJL");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(OPERATORS)
    void parameterGradientsMatchFiniteDifferences(String name, boolean differentiable,
                                                  Supplier<FusionOperator> factory) {
        assumeTrue(differentiable, "max and vote are piecewise constant in their inputs");
        FusionModule module = new FusionModule(factory.get());
        assumeTrue(module.parameters().stream().anyMatch(ParameterSpec::trainable), "nothing to train");
        MultimodalBatch batch = Operators.batch(3);
        List<float[]> inputs = flatValues(batch, false);
        Map<String, float[]> parameters = initialValues(module);
        Random random = new Random(name.hashCode());
        float step = 1e-2f;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            DjlBackend djl = DjlBackend.wrap(manager);
            float[] weights = Backends.random(new Random(5), batch.size() * module.operator().outputWidth());
            Map<String, float[]> gradients = gradients(djl, module, parameters, tensors(djl, batch, inputs), weights);
            List<ParameterSpec> trainable = module.parameters().stream().filter(ParameterSpec::trainable).toList();
            int probes = trainable.size() > 30 ? 1 : 3;   // every parameter probed, in bounded time
            for (ParameterSpec spec : trainable) {
                for (int probe = 0; probe < probes; probe++) {
                    int index = random.nextInt(spec.elementCount());
                    double numeric = (loss(djl, module, perturbed(parameters, spec, index, step), batch, inputs, weights)
                            - loss(djl, module, perturbed(parameters, spec, index, -step), batch, inputs, weights))
                            / (2 * step);
                    double analytic = gradients.get(spec.name())[index];
                    assertEquals(numeric, analytic, 5e-3 + 2e-2 * Math.abs(numeric),
                            name + ": d loss / d " + spec.name() + "[" + index + "]");
                }
            }
        }
    }

    private static Map<String, float[]> gradients(DjlBackend djl, FusionModule module, Map<String, float[]> parameters,
                                                  List<Tensor> inputs, float[] weights) {
        FixedContext context = contextWith(djl, module, parameters);
        Map<String, NDArray> arrays = new HashMap<>();
        for (ParameterSpec spec : module.parameters()) {
            NDArray array = ((DjlTensor) context.parameter(spec.name())).ndArray();
            array.setRequiresGradient(true);
            arrays.put(spec.name(), array);
        }
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            Tensor out = module.forward(context, inputs);
            Tensor loss = out.mul(djl.fromArray(weights, out.shape())).sumAll();
            collector.backward(((DjlTensor) loss).ndArray());
        }
        Map<String, float[]> gradients = new HashMap<>();
        arrays.forEach((name, array) -> gradients.put(name, array.getGradient().toFloatArray()));
        return gradients;
    }

    private static double loss(DjlBackend djl, FusionModule module, Map<String, float[]> parameters,
                               MultimodalBatch batch, List<float[]> inputs, float[] weights) {
        Tensor out = module.forward(contextWith(djl, module, parameters), tensors(djl, batch, inputs));
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

    static Map<String, float[]> initialValues(FusionModule module) {
        Map<String, float[]> values = new HashMap<>();
        for (ParameterSpec spec : module.parameters()) {
            values.put(spec.name(), spec.initialValues(SEED));
        }
        return values;
    }

    static FixedContext contextWith(TensorBackend backend, FusionModule module, Map<String, float[]> values) {
        FixedContext context = new FixedContext(backend);
        for (ParameterSpec spec : module.parameters()) {
            context.set(spec.name(), values.get(spec.name()), spec.shapeArray());
        }
        return context;
    }

    /** Values, padding and presence per modality; with noise, padded and absent entries get N(0, 25). */
    static List<float[]> flatValues(MultimodalBatch batch, boolean noiseWherePadded) {
        Random random = new Random(123);
        List<float[]> flat = new ArrayList<>();
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
            flat.add(values);
            flat.add(padding);
            flat.add(m.presence());
        }
        return flat;
    }

    static List<Tensor> tensors(TensorBackend backend, MultimodalBatch batch, List<float[]> flat) {
        List<Tensor> tensors = new ArrayList<>();
        int i = 0;
        for (Modality modality : Operators.SCHEMA.modalities()) {
            ModalityBatch m = batch.modality(modality);
            tensors.add(backend.fromArray(flat.get(i++), m.batchSize(), m.maxLength(), m.dim()));
            tensors.add(backend.fromArray(flat.get(i++), m.batchSize(), m.maxLength()));
            tensors.add(backend.fromArray(flat.get(i++), m.batchSize()));
        }
        return tensors;
    }

    private static Shape[] shapes(List<Tensor> inputs) {
        return inputs.stream().map(t -> new Shape(t.shape())).toArray(Shape[]::new);
    }

    private static NDArray runDjl(DjlModuleBlock block, NDManager manager, List<Tensor> inputs) {
        NDList list = new NDList();
        inputs.forEach(t -> list.add(((DjlTensor) t).ndArray()));
        return block.forward(new ParameterStore(manager, false), list, false).singletonOrThrow();
    }
}
