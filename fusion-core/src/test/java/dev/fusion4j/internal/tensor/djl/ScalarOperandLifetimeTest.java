package dev.fusion4j.internal.tensor.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fusion4j.internal.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scalar of {@code x · c} must stay alive until the backward pass. DJL's {@code mul(Number)}
 * put {@code c} in a Java direct buffer and freed it at once while autograd kept it: after a
 * garbage collection the memory went to other buffers, and the gradient {@code dy/dx = c} read
 * whatever they held. Here the freed memory is refilled with 7s between forward and backward; the
 * gradient must still be exactly 3.
 */
class ScalarOperandLifetimeTest {

    @Test
    void theGradientOfAScalarProductSurvivesAGarbageCollectionBeforeBackward() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            DjlBackend backend = DjlBackend.wrap(manager);
            NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(4));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                Tensor y = backend.wrap(x).mul(3f);
                List<ByteBuffer> refill = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    System.gc();
                    Thread.sleep(50);
                    for (int i = 0; i < 2000; i++) {
                        ByteBuffer buffer = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                        buffer.putFloat(0, 7f);
                        refill.add(buffer);
                    }
                }
                collector.backward(((DjlTensor) y.sumAll()).ndArray());
                refill.clear();
            }
            assertArrayEquals(new float[] {3, 3, 3, 3}, x.getGradient().toFloatArray());
        }
    }
}
