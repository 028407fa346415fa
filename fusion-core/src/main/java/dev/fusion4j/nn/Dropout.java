package dev.fusion4j.nn;

import dev.fusion4j.tensor.ModuleContext;
import dev.fusion4j.tensor.Tensor;

/**
 * Inverted dropout: in training, each value is zeroed with probability {@code rate} and the rest
 * scaled by {@code 1 / (1 - rate)}; at inference the identity. Masks are drawn from the pass's
 * seeded random source.
 */
public final class Dropout {
    private Dropout() {
    }

    public static Tensor apply(ModuleContext context, Tensor x, float rate) {
        if (!context.isTraining() || rate == 0f) {
            return x;
        }
        long[] shape = x.shape();
        int count = Math.toIntExact(dev.fusion4j.tensor.Axes.elementCount(shape));
        float keep = 1f - rate;
        float[] mask = new float[count];
        for (int i = 0; i < count; i++) {
            mask[i] = context.random().nextDouble() < keep ? 1f / keep : 0f;
        }
        return x.mul(context.backend().fromArray(mask, shape));
    }

    /** Checks a rate is in {@code [0, 1)}. */
    public static float checkRate(float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        return rate;
    }
}
