package dev.fusion4j.internal.nn;

import dev.fusion4j.internal.tensor.Tensor;

/**
 * Pooling over time that honours padding masks: padded steps never contribute, so changing their
 * values changes nothing. Never "the last time step".
 */
public final class Pooling {
    private Pooling() {
    }

    /**
     * Masked mean {@code Σ_t m_t x_t / max(Σ_t m_t, 1)}: {@code x [B, T, d]}, {@code mask [B, T]}
     * gives {@code [B, d]}; a sample with no valid step gives zeros.
     */
    public static Tensor mean(Tensor x, Tensor mask) {
        long batch = x.size(0);
        Tensor m = mask.reshape(batch, -1, 1);
        Tensor count = mask.sum(1, true);                         // [B, 1]
        Tensor denominator = count.add(count.neg().add(1f).relu()); // max(count, 1) for count ≥ 0
        return x.mul(m).sum(1, false).div(denominator);
    }

    /** Masked max over time; a sample with no valid step gives zeros. */
    public static Tensor max(Tensor x, Tensor mask) {
        long batch = x.size(0);
        Tensor m = mask.reshape(batch, -1, 1);
        Tensor invalid = m.neg().add(1f);
        Tensor any = mask.max(1, true);                            // [B, 1]: 1 if some step is valid
        return x.maskedFill(invalid, -1e30f).max(1, false).mul(any);
    }
}
