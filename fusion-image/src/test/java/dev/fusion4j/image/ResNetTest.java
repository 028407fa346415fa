package dev.fusion4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

class ResNetTest {

    private static long trainableParameters(Block block, int size) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
            long count = 0;
            for (var pair : block.getParameters()) {
                Parameter p = pair.getValue();
                if (p.requiresGradient()) {
                    count += p.getArray().size();
                }
            }
            return count;
        }
    }

    @Test
    void parameterCountsEqualTorchvisions() {
        assertEquals(11_689_512, trainableParameters(ResNet.classifier(ResNet.Depth.RESNET18, 1, 1000), 64));
        assertEquals(25_557_032, trainableParameters(ResNet.classifier(ResNet.Depth.RESNET50, 1, 1000), 64));
    }

    @Test
    void featureMapsHaveTheDocumentedShape() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block r18 = ResNet.features(ResNet.Depth.RESNET18, 0.25);
            r18.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 64, 64));
            NDArray out = r18.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(2, 3, 64, 64))), false).singletonOrThrow();
            assertEquals(new Shape(2, ResNet.featureChannels(ResNet.Depth.RESNET18, 0.25), 2, 2), out.getShape());
            Block r50 = ResNet.features(ResNet.Depth.RESNET50, 0.25);
            r50.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 96, 96));
            NDArray out50 = r50.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(1, 3, 96, 96))), false).singletonOrThrow();
            assertEquals(new Shape(1, 512, 3, 3), out50.getShape(), "bottlenecks: 4 × 128 channels at 1/32");
        }
    }

    @Test
    void oneTrainingStepLowersTheLoss() {
        Engine.getEngine("PyTorch").setRandomSeed(1);
        try (Model model = Model.newInstance("resnet18-small", "PyTorch")) {
            model.setBlock(ResNet.classifier(ResNet.Depth.RESNET18, 0.125, 2));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).optMomentum(0.9f).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(8, 3, 32, 32));
                NDManager m = trainer.getManager();
                NDArray x = m.randomNormal(new Shape(8, 3, 32, 32));
                NDArray y = m.create(new float[] {0, 1, 0, 1, 0, 1, 0, 1});
                float first = step(trainer, x, y);
                float later = first;
                for (int i = 0; i < 3; i++) {
                    later = step(trainer, x, y);
                }
                assertTrue(later < first, "loss went from " + first + " to " + later);
            }
        }
    }

    private static float step(Trainer trainer, NDArray x, NDArray y) {
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray loss = trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x)));
            collector.backward(loss);
            trainer.step();
            return loss.getFloat();
        }
    }
}
