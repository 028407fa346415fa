package dev.fusion4j.align;

import dev.fusion4j.data.Features;
import java.util.Objects;

/**
 * Fills the missing steps of an {@link AlignedFeatures}: zeros, the last observation carried
 * forward (the first observation backward for leading gaps), linear interpolation between the
 * observed steps around a gap (carried at the ends), or a training mean. The result records which
 * steps were imputed. Immutable and thread-safe.
 */
public final class Imputation {
    /** The imputation rules. */
    public enum Rule { ZERO, LAST_OBSERVATION, LINEAR, MEAN }

    private final Rule rule;
    private final float[] mean;

    private Imputation(Rule rule, float[] mean) {
        this.rule = rule;
        this.mean = mean;
    }

    public static Imputation of(Rule rule) {
        if (rule == Rule.MEAN) {
            throw new IllegalArgumentException("mean imputation needs the training mean: use Imputation.mean(values)");
        }
        return new Imputation(Objects.requireNonNull(rule, "rule"), null);
    }

    /** Fills missing steps with {@code mean} (a training mean, one value per feature). */
    public static Imputation mean(float[] mean) {
        return new Imputation(Rule.MEAN, mean.clone());
    }

    /**
     * The filled sequence and the mask of imputed steps (1 where a value was invented).
     *
     * @param imputed receives the imputed-steps mask; its length must equal the sequence's
     */
    public Features fill(AlignedFeatures aligned, float[] imputed) {
        Features f = aligned.features();
        int steps = f.length();
        int d = f.dim();
        if (imputed.length != steps) {
            throw new IllegalArgumentException("imputed mask of " + imputed.length + " for " + steps + " steps");
        }
        if (rule == Rule.MEAN && mean.length != d) {
            throw new IllegalArgumentException("mean of width " + mean.length + " for features of width " + d);
        }
        float[][] rows = new float[steps][];
        int previous = -1;
        for (int t = 0; t < steps; t++) {
            if (aligned.observed(t)) {
                rows[t] = f.row(t);
                previous = t;
                imputed[t] = 0;
                continue;
            }
            imputed[t] = 1;
            int next = t + 1;
            while (next < steps && !aligned.observed(next)) {
                next++;
            }
            rows[t] = switch (rule) {
                case ZERO -> new float[d];
                case MEAN -> mean.clone();
                case LAST_OBSERVATION -> previous >= 0 ? f.row(previous) : next < steps ? f.row(next) : new float[d];
                case LINEAR -> linear(f, previous, next, t, steps);
            };
        }
        Features filled = Features.sequence(rows);
        return f.hasTimestamps() ? filled.withTimestamps(f.timestamps()) : filled;
    }

    private static float[] linear(Features f, int previous, int next, int t, int steps) {
        if (previous < 0 && next >= steps) {
            return new float[f.dim()];
        }
        if (previous < 0) {
            return f.row(next);
        }
        if (next >= steps) {
            return f.row(previous);
        }
        double[] times = f.hasTimestamps() ? f.timestamps() : null;
        double w = times == null
                ? (t - previous) / (double) (next - previous)
                : (times[t] - times[previous]) / (times[next] - times[previous]);
        float[] out = new float[f.dim()];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) ((1 - w) * f.get(previous, j) + w * f.get(next, j));
        }
        return out;
    }
}
