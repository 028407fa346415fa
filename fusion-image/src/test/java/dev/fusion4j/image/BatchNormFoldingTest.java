package dev.fusion4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** A folded ResNet computes what the original computes in eval mode, with far from trivial statistics. */
class BatchNormFoldingTest {

    @Test
    void foldedBasicAndBottleneckNetworksEqualTheOriginalsInEvalMode() {
        for (ResNet.Depth depth : new ResNet.Depth[] {ResNet.Depth.RESNET18, ResNet.Depth.RESNET50}) {
            Engine.getEngine("PyTorch").setRandomSeed(7);
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                Block original = ResNet.features(depth, 0.25);
                // statistics and affine terms away from the identity, so a wrong fold shows
                original.setInitializer((m, shape, type) -> m.randomUniform(0.5f, 1.5f, shape), Parameter.Type.GAMMA);
                original.setInitializer((m, shape, type) -> m.randomUniform(-0.5f, 0.5f, shape), Parameter.Type.BETA);
                original.setInitializer((m, shape, type) -> m.randomUniform(-0.3f, 0.3f, shape),
                        Parameter.Type.RUNNING_MEAN);
                original.setInitializer((m, shape, type) -> m.randomUniform(0.5f, 2f, shape), Parameter.Type.RUNNING_VAR);
                original.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
                Block folded = BatchNormFolding.fold(original, manager, 64);

                NDArray x = manager.randomNormal(new Shape(2, 3, 64, 64));
                ParameterStore store = new ParameterStore(manager, false);
                float[] expected = original.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
                float[] actual = folded.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();

                assertEquals(expected.length, actual.length);
                double scale = 0;
                double worst = 0;
                for (int i = 0; i < expected.length; i++) {
                    scale = Math.max(scale, Math.abs(expected[i]));
                    worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
                }
                assertTrue(scale > 0.1, depth + ": outputs should not vanish, max " + scale);
                assertTrue(worst <= 1e-4 * scale, depth + ": max difference " + worst + " at scale " + scale);
                assertEquals(0, countBatchNorms(folded), depth + ": every batch norm is folded");
            }
        }
    }

    @Test
    void anUninitialisedNetworkIsRefused() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block raw = ResNet.features(ResNet.Depth.RESNET18, 0.125);
            assertThrows(IllegalArgumentException.class, () -> BatchNormFolding.fold(raw, manager, 32));
        }
    }

    private static int countBatchNorms(Block block) {
        int count = block instanceof BatchNorm ? 1 : 0;
        for (Block child : block.getChildren().values()) {
            count += countBatchNorms(child);
        }
        return count;
    }
}
