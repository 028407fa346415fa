package dev.fusion4j.align;

import dev.fusion4j.data.Features;

/**
 * A sequence on a target clock with a mask of the steps that were observed: {@code mask[t] = 1}
 * where the value came from the source, 0 where nothing was close enough (the value is then 0, or
 * what an {@link Imputation} put there — its {@code imputed} mask says so).
 *
 * @param features the sequence, timestamped with the target clock
 * @param mask 1 for observed steps, 0 for missing ones (a copy is kept)
 */
public record AlignedFeatures(Features features, float[] mask) {
    public AlignedFeatures {
        mask = mask.clone();
        if (mask.length != features.length()) {
            throw new IllegalArgumentException("mask of " + mask.length + " steps for features of " + features.length());
        }
    }

    /** A copy of the mask. */
    @Override
    public float[] mask() {
        return mask.clone();
    }

    /** Whether step {@code t} was observed. */
    public boolean observed(int t) {
        return mask[t] != 0f;
    }
}
