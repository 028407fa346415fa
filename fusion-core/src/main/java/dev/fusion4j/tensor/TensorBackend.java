package dev.fusion4j.tensor;

import java.util.List;

/**
 * Makes tensors of one kind: {@link dev.fusion4j.tensor.djl.DjlBackend} (PyTorch through DJL;
 * trainable, CPU or GPU) or {@link dev.fusion4j.tensor.nd4j.Nd4jBackend} (ND4J; inference).
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

    /** Joins tensors of equal shape but for {@code axis} along that axis. */
    Tensor concat(List<Tensor> tensors, int axis);

    /** Stacks tensors of equal shape along a new axis {@code axis}. */
    Tensor stack(List<Tensor> tensors, int axis);
}
