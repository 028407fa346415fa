package dev.fusion4j.internal.nn;

import dev.fusion4j.model.AttentionBudgetException;
import java.util.Locale;

/**
 * An upper bound on the memory the attention scores of one forward pass may take, checked from
 * the input shapes before anything is computed. One attention layer over {@code Tq} queries and
 * {@code Tk} keys holds {@value #LIVE_SCORE_TENSORS} tensors of {@code B × H × Tq × Tk} floats
 * at most (the scores, masked, their softmax, the dropout mask and the dropped weights, and one to
 * spare), and every
 * layer's stay alive until the pass ends (for the backward pass when training). Quadratic in the
 * sequence length: two sequences of 20 000 steps need 8.9 GiB per layer, head and sample.
 *
 * @param bytes the budget, at least 1
 */
public record AttentionBudget(long bytes) {
    /** The default budget, 1 GiB. */
    public static final long DEFAULT_BYTES = 1L << 30;
    /** Score-sized tensors one attention layer keeps alive. */
    public static final int LIVE_SCORE_TENSORS = 6;

    /**
     * @throws IllegalArgumentException if {@code bytes < 1}
     */
    public AttentionBudget {
        if (bytes < 1) {
            throw new IllegalArgumentException("the attention memory budget must be ≥ 1 byte, got " + bytes);
        }
    }

    /** The default budget of {@value #DEFAULT_BYTES} bytes. */
    public static AttentionBudget defaults() {
        return new AttentionBudget(DEFAULT_BYTES);
    }

    /** The bytes of one attention layer's score tensors: {@code B × H × Tq × Tk × 4 × LIVE_SCORE_TENSORS}. */
    public static double layerBytes(long batch, int heads, long queries, long keys) {
        return (double) batch * heads * queries * keys * Float.BYTES * LIVE_SCORE_TENSORS;
    }

    /**
     * Refuses a forward pass whose attention scores would exceed the budget.
     *
     * @param needed the pass's score bytes, a sum of {@link #layerBytes}
     * @param what the operator and the shapes that make up {@code needed}, for the message
     * @throws AttentionBudgetException if {@code needed > bytes()}
     */
    public void check(double needed, String what) {
        if (needed > bytes) {
            throw new AttentionBudgetException(String.format(Locale.ROOT, "%s would need %s for its attention scores, "
                    + "over the budget of %s: window the sequences (Windowing.cut) or shorten them, "
                    + "lower the batch size, or raise the budget with attentionBudget(bytes)",
                    what, readable(needed), readable(bytes)), needed, bytes);
        }
    }

    /** {@code bytes} in the largest binary unit that keeps it ≥ 1, e.g. "3.58 TiB" or "1.00 GiB". */
    static String readable(double bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int unit = 0;
        while (bytes >= 1024 && unit < units.length - 1) {
            bytes /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f bytes", bytes)
                : String.format(Locale.ROOT, "%.2f %s", bytes, units[unit]);
    }
}
