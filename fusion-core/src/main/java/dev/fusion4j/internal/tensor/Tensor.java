package dev.fusion4j.internal.tensor;

/**
 * An n-dimensional float tensor of one {@link TensorBackend}: the small set of operations the
 * fusion operators are written against, so each operator runs unchanged on DJL (trainable) and
 * on ND4J (inference).
 *
 * <p>Binary operations broadcast like NumPy. Operations return new tensors and never modify
 * their operands. Axes may be negative, counting from the end. Tensors of different backends
 * cannot be mixed.
 */
public interface Tensor {

    /** The backend that made this tensor. */
    TensorBackend backend();

    /** A copy of the shape. */
    long[] shape();

    /** The number of axes. */
    default int rank() {
        return shape().length;
    }

    /** The size of one axis. */
    default long size(int axis) {
        long[] shape = shape();
        return shape[Axes.normalise(axis, shape.length)];
    }

    /** All values, row-major, copied to the host. */
    float[] toFloatArray();

    Tensor add(Tensor other);

    Tensor sub(Tensor other);

    Tensor mul(Tensor other);

    Tensor div(Tensor other);

    Tensor add(float scalar);

    Tensor mul(float scalar);

    /** 1 where {@code this >= other}, else 0 (broadcasting); carries no gradient. */
    Tensor ge(Tensor other);

    /** {@code -this}. */
    default Tensor neg() {
        return mul(-1f);
    }

    /**
     * Matrix product over the last two axes, broadcasting leading (batch) axes:
     * {@code [..., n, k] x [..., k, m] -> [..., n, m]}; a rank-2 right side is shared by all.
     */
    Tensor matmul(Tensor other);

    /**
     * The affine map {@code this W + b} over the last axis: {@code [..., in] x [in, out] + [out]}.
     * A backend may add the bias inside the product (DJL: PyTorch's {@code linear}, one
     * {@code addmm}); the values agree to float rounding.
     */
    default Tensor linear(Tensor weight, Tensor bias) {
        return matmul(weight).add(bias);
    }

    Tensor exp();

    Tensor log();

    Tensor sqrt();

    Tensor tanh();

    Tensor sigmoid();

    Tensor relu();

    /** The exact GELU, {@code x Φ(x) = x (1 + erf(x / √2)) / 2} (PyTorch's default). */
    Tensor gelu();

    /** Softmax along {@code axis}. */
    Tensor softmax(int axis);

    /** Same values, new shape; one entry may be -1 (inferred). */
    Tensor reshape(long... shape);

    /** Reorders the axes: result axis i is this tensor's axis {@code axes[i]}. */
    Tensor permute(int... axes);

    Tensor sum(int axis, boolean keepDims);

    Tensor mean(int axis, boolean keepDims);

    Tensor max(int axis, boolean keepDims);

    /** The sum of all values, a scalar (rank 0). */
    Tensor sumAll();

    /**
     * Replaces values where {@code mask} is 1 by {@code value}; {@code mask} holds only 0 and 1
     * and broadcasts to this shape.
     *
     * @param value a finite value (use a large negative number, not -∞, to mask logits)
     */
    Tensor maskedFill(Tensor mask, float value);

    /**
     * Layer normalisation over the last axis without affine parameters:
     * {@code (x - mean) / sqrt(var + eps)}, with the biased variance.
     */
    default Tensor layerNorm(float eps) {
        Tensor centred = sub(mean(-1, true));
        Tensor variance = centred.mul(centred).mean(-1, true);
        return centred.div(variance.add(eps).sqrt());
    }

    /**
     * Layer normalisation over the last axis with a scale and shift of the last axis's width:
     * {@code gamma (x - mean) / sqrt(var + eps) + beta}. A backend may run it as one fused
     * operation (DJL: PyTorch's {@code layer_norm}); the values agree to float rounding.
     */
    default Tensor layerNorm(Tensor gamma, Tensor beta, float eps) {
        return layerNorm(eps).mul(gamma).add(beta);
    }
}
