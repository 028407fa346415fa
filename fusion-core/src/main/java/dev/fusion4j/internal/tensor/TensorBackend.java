package dev.fusion4j.internal.tensor;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes tensors of one kind: {@link dev.fusion4j.internal.tensor.djl.DjlBackend} (PyTorch through DJL;
 * trainable, CPU or GPU) or {@link dev.fusion4j.internal.tensor.nd4j.Nd4jBackend} (ND4J; inference).
 */
public interface TensorBackend {

    /** A short name for messages and reports, such as {@code "djl-pytorch(cpu())"}. */
    String name();

    /**
     * A tensor holding a copy of {@code values} (row-major) with the given shape.
     *
     * @throws IllegalArgumentException if the number of values does not match the shape
     */
    Tensor fromArray(float[] values, long... shape);

    /** A tensor of zeros. */
    default Tensor zeros(long... shape) {
        long count = Axes.elementCount(shape);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a tensor of " + count + " values is too large");
        }
        return fromArray(new float[(int) count], shape);
    }

    /**
     * A dropout mask: each value is {@code 1 / keep} with probability {@code keep}, else 0. Seeded
     * from {@code random}, so a training run repeats exactly.
     */
    default Tensor dropoutMask(SplittableRandom random, float keep, long... shape) {
        int count = Math.toIntExact(Axes.elementCount(shape));
        float[] mask = new float[count];
        for (int i = 0; i < count; i++) {
            mask[i] = random.nextDouble() < keep ? 1f / keep : 0f;
        }
        return fromArray(mask, shape);
    }

    /** Joins tensors of equal shape but for {@code axis} along that axis. */
    Tensor concat(List<Tensor> tensors, int axis);

    /** Stacks tensors of equal shape along a new axis {@code axis}. */
    Tensor stack(List<Tensor> tensors, int axis);
}
