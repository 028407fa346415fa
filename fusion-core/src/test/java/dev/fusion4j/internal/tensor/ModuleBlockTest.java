package dev.fusion4j.internal.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fusion4j.FusionException;
import dev.fusion4j.internal.tensor.djl.DjlModuleBlock;
import dev.fusion4j.internal.tensor.nd4j.Nd4jModuleRunner;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Parameters declared by a module: materialised by DJL for training and by ND4J from values. */
class ModuleBlockTest {
    private static final long SEED = 42;

    @Test
    void djlBlockAndNd4jRunnerStartFromTheSameSeededValuesAndAgree() {
        TwoLayerNet net = new TwoLayerNet(6, 16, 3);
        float[] x = Backends.random(new Random(5), 4 * 6);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            DjlModuleBlock<List<Tensor>> block = DjlModuleBlock.flat(net, SEED);
            block.initialize(manager, DataType.FLOAT32, new Shape(4, 6));
            Map<String, float[]> values = block.parameterValues();
            assertEquals(List.of("w1", "b1", "w2", "b2"), List.copyOf(values.keySet()));
            assertArrayEquals(net.parameters().get(0).initialValues(SEED), values.get("w1"));

            NDArray djlOut = block.forward(new ParameterStore(manager, false),
                    new NDList(manager.create(x, new Shape(4, 6))), false).singletonOrThrow();
            try (Nd4jModuleRunner<List<Tensor>> runner = Nd4jModuleRunner.initialised(net, SEED)) {
                Tensor nd4jOut = runner.forward(backend -> List.of(backend.fromArray(x, 4, 6)));
                assertArrayEquals(djlOut.toFloatArray(), nd4jOut.toFloatArray(), 1e-5f);
                assertArrayEquals(new long[] {4, 3}, nd4jOut.shape());
            }
            assertEquals(new Shape(4, 3), block.getOutputShapes(new Shape[] {new Shape(4, 6)})[0]);
        }
    }

    @Test
    void xavierInitialValuesLieWithinTheGlorotBound() {
        float[] w = ParameterSpec.of("w", Initializer.xavierUniform(), 6, 16).initialValues(SEED);
        double bound = Math.sqrt(6.0 / (6 + 16));
        float max = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= bound, "value " + v + " beyond " + bound);
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > bound * 0.8, "values should spread over the bound, max " + max);
    }

    @Test
    void trainingWithDjlTrainerLowersTheLossOnALearnableTask() {
        TwoLayerNet net = new TwoLayerNet(4, 16, 2);
        Random random = new Random(11);
        int n = 64;
        float[] x = Backends.random(random, n * 4);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = x[i * 4] + x[i * 4 + 1] > 0 ? 1 : 0;
        }
        try (Model model = Model.newInstance("two-layer", "PyTorch")) {
            model.setBlock(DjlModuleBlock.flat(net, SEED));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.05f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(n, 4));
                NDManager manager = trainer.getManager();
                NDList inputs = new NDList(manager.create(x, new Shape(n, 4)));
                NDList labels = new NDList(manager.create(y, new Shape(n)));
                float first = step(trainer, inputs, labels);
                float last = first;
                for (int i = 0; i < 30; i++) {
                    last = step(trainer, inputs, labels);
                }
                assertTrue(last < first * 0.5, "loss went from " + first + " to " + last);
                Map<String, float[]> trained = ((DjlModuleBlock<?>) model.getBlock()).parameterValues();
                assertTrue(!java.util.Arrays.equals(trained.get("w1"), net.parameters().get(0).initialValues(SEED)),
                        "the optimiser updated w1");
            }
        }
    }

    private static float step(Trainer trainer, NDList inputs, NDList labels) {
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList predictions = trainer.forward(inputs);
            NDArray loss = trainer.getLoss().evaluate(labels, predictions);
            collector.backward(loss);
            trainer.step();
            return loss.getFloat();
        }
    }

    @Test
    void nd4jRunnerRejectsMissingOrMisshapenValuesNamingTheParameter() {
        TwoLayerNet net = new TwoLayerNet(2, 3, 1);
        FusionException missing = assertThrows(FusionException.class,
                () -> new Nd4jModuleRunner<>(net, Map.of("w1", new float[6])));
        assertTrue(missing.getMessage().contains("'b1'"), missing.getMessage());
        FusionException wrong = assertThrows(FusionException.class, () -> new Nd4jModuleRunner<>(net,
                Map.of("w1", new float[5], "b1", new float[3], "w2", new float[3], "b2", new float[1])));
        assertTrue(wrong.getMessage().contains("'w1'") && wrong.getMessage().contains("got 5"), wrong.getMessage());
    }

    @Test
    void duplicateParameterNamesAndUnknownLookupsAreRejected() {
        TensorModule<List<Tensor>> duplicate = new TensorModule<>() {
            @Override
            public List<ParameterSpec> parameters() {
                return List.of(ParameterSpec.of("w", Initializer.zeros(), 1), ParameterSpec.of("w", Initializer.ones(), 1));
            }

            @Override
            public Tensor forward(ModuleContext context, List<Tensor> inputs) {
                return inputs.get(0);
            }
        };
        assertThrows(IllegalArgumentException.class, () -> DjlModuleBlock.flat(duplicate, SEED));
        assertThrows(IllegalArgumentException.class, () -> new Nd4jModuleRunner<>(duplicate,
                Map.of("w", new float[1])));
        TensorModule<List<Tensor>> unknown = new TensorModule<>() {
            @Override
            public List<ParameterSpec> parameters() {
                return List.of();
            }

            @Override
            public Tensor forward(ModuleContext context, List<Tensor> inputs) {
                return context.parameter("nope");
            }
        };
        try (Nd4jModuleRunner<List<Tensor>> runner = new Nd4jModuleRunner<>(unknown, Map.of())) {
            assertThrows(IllegalArgumentException.class,
                    () -> runner.forward(backend -> List.of(backend.fromArray(new float[] {1}, 1))));
        }
        assertThrows(IllegalArgumentException.class, () -> ParameterSpec.of("bad name", Initializer.zeros(), 2));
        assertThrows(IllegalArgumentException.class, () -> ParameterSpec.of("w", Initializer.zeros(), 0, 2));
    }
}
