package dev.fusion4j.internal.nn;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.Tensor;

/**
 * Inverted dropout: in training, each value is zeroed with probability {@code rate} and the rest
 * scaled by {@code 1 / (1 - rate)}; at inference the identity. Masks are seeded from the pass's
 * random source ({@link dev.fusion4j.internal.tensor.TensorBackend#dropoutMask}).
 */
public final class Dropout {
    private Dropout() {
    }

    public static Tensor apply(ModuleContext context, Tensor x, float rate) {
        if (!context.isTraining() || rate == 0f) {
            return x;
        }
        return x.mul(context.backend().dropoutMask(context.random(), 1f - rate, x.shape()));
    }

    /** Checks a rate is in {@code [0, 1)}. */
    public static float checkRate(float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        return rate;
    }
}
