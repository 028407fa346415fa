package dev.fusion4j.internal.tensor;

/** Operations composed from {@link Tensor}'s primitives, the same on every backend. */
public final class Tensors {
    private Tensors() {
    }

    /**
     * Batched outer product: {@code a [..., m]} and {@code b [..., n]} give {@code [..., m, n]}
     * with {@code out[..., i, j] = a[..., i] * b[..., j]}.
     */
    public static Tensor outer(Tensor a, Tensor b) {
        return a.reshape(withTrailing(a.shape(), 1)).mul(b.reshape(withInserted(b.shape())));
    }

    /** {@code x / sqrt(Σ_axis x² + 1e-12)}: unit L2 norm along {@code axis}. */
    public static Tensor l2Normalize(Tensor x, int axis) {
        return x.div(x.mul(x).sum(axis, true).add(1e-12f).sqrt());
    }

    /** {@code x} with its last two axes swapped. */
    public static Tensor transposeLast(Tensor x) {
        int rank = x.rank();
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        axes[rank - 2] = rank - 1;
        axes[rank - 1] = rank - 2;
        return x.permute(axes);
    }

    private static long[] withTrailing(long[] shape, long size) {
        long[] out = java.util.Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = size;
        return out;
    }

    private static long[] withInserted(long[] shape) {
        long[] out = new long[shape.length + 1];
        System.arraycopy(shape, 0, out, 0, shape.length - 1);
        out[shape.length - 1] = 1;
        out[shape.length] = shape[shape.length - 1];
        return out;
    }
}
