package dev.fusion4j.internal.nn;

import dev.fusion4j.internal.tensor.Tensor;

/**
 * The sinusoidal position encoding of "Attention is all you need", added to a sequence:
 * {@code PE[t, 2i] = sin(t / 10000^(2i/d))}, {@code PE[t, 2i+1] = cos(t / 10000^(2i/d))}.
 */
public final class PositionalEncoding {
    private PositionalEncoding() {
    }

    /** {@code x [B, T, d] + PE[T, d]}. */
    public static Tensor add(Tensor x) {
        int steps = Math.toIntExact(x.size(1));
        int width = Math.toIntExact(x.size(2));
        return x.add(x.backend().fromArray(table(steps, width), steps, width));
    }

    static float[] table(int steps, int width) {
        float[] pe = new float[steps * width];
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < width; j++) {
                double angle = t / Math.pow(10000, (j - j % 2) / (double) width);
                pe[t * width + j] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return pe;
    }
}
