package dev.fusion4j.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One modality of one sample, in host memory: either a vector {@code [d]} or a sequence
 * {@code [T, d]} whose steps may carry timestamps in seconds.
 *
 * <p>Immutable: factories copy their input and accessors return copies. Every value is finite,
 * sequences have at least one step, all rows have the same width and timestamps, when present,
 * are finite and strictly increasing; anything else is rejected with an
 * {@link InvalidFeaturesException} naming the offending step and column.
 *
 * <pre>{@code
 * Features pooled = Features.vector(0.1f, 0.2f, 0.3f);
 * Features frames = Features.sequence(new float[][] {{1, 2}, {3, 4}}).withTimestamps(0.0, 0.01);
 * }</pre>
 */
public final class Features {
    private final float[] values;
    private final int length;
    private final int dim;
    private final boolean sequence;
    private final double[] timestamps;

    private Features(float[] values, int length, int dim, boolean sequence, double[] timestamps) {
        this.values = values;
        this.length = length;
        this.dim = dim;
        this.sequence = sequence;
        this.timestamps = timestamps;
    }

    /** A vector {@code [d]}, d ≥ 1. */
    public static Features vector(float... values) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new InvalidFeaturesException("a feature vector needs at least one value");
        }
        float[] copy = values.clone();
        requireFinite(copy, copy.length);
        return new Features(copy, 1, copy.length, false, null);
    }

    /** A sequence {@code [T, d]} from its rows; T ≥ 1, every row of the same width d ≥ 1. */
    public static Features sequence(float[][] rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0) {
            throw new InvalidFeaturesException("a feature sequence needs at least one step");
        }
        int dim = rowWidth(rows, 0);
        if (dim == 0) {
            throw new InvalidFeaturesException("step 0 has no values; rows need at least one");
        }
        long total = (long) rows.length * dim;
        requireAddressable(total, rows.length, dim);
        float[] flat = new float[(int) total];
        for (int t = 0; t < rows.length; t++) {
            int width = rowWidth(rows, t);
            if (width != dim) {
                throw new InvalidFeaturesException("ragged sequence: step " + t + " has " + width
                        + " values but step 0 has " + dim);
            }
            System.arraycopy(rows[t], 0, flat, t * dim, dim);
        }
        requireFinite(flat, dim);
        return new Features(flat, rows.length, dim, true, null);
    }

    /** A sequence {@code [length, dim]} from row-major values. */
    public static Features sequence(float[] rowMajor, int length, int dim) {
        Objects.requireNonNull(rowMajor, "rowMajor");
        if (length < 1 || dim < 1) {
            throw new InvalidFeaturesException("a feature sequence needs length ≥ 1 and dim ≥ 1, got ["
                    + length + ", " + dim + "]");
        }
        if ((long) length * dim != rowMajor.length) {
            throw new InvalidFeaturesException("shape [" + length + ", " + dim + "] needs "
                    + (long) length * dim + " values, got " + rowMajor.length);
        }
        float[] copy = rowMajor.clone();
        requireFinite(copy, dim);
        return new Features(copy, length, dim, true, null);
    }

    /**
     * Returns a copy of this sequence with one timestamp (seconds) per step.
     *
     * @throws InvalidFeaturesException if this is a vector, the count differs from the length,
     *     or the timestamps are not finite and strictly increasing
     */
    public Features withTimestamps(double... seconds) {
        Objects.requireNonNull(seconds, "seconds");
        if (!sequence) {
            throw new InvalidFeaturesException("timestamps apply to sequences; this is a vector of width " + dim);
        }
        if (seconds.length != length) {
            throw new InvalidFeaturesException("got " + seconds.length + " timestamps for a sequence of "
                    + length + " steps");
        }
        double[] copy = seconds.clone();
        for (int t = 0; t < copy.length; t++) {
            if (!Double.isFinite(copy[t])) {
                throw new InvalidFeaturesException("timestamp of step " + t + " is " + copy[t]);
            }
            if (t > 0 && copy[t] <= copy[t - 1]) {
                throw new InvalidFeaturesException("timestamps must be strictly increasing: step " + t
                        + " at " + copy[t] + " s follows step " + (t - 1) + " at " + copy[t - 1] + " s");
            }
        }
        return new Features(values, length, dim, true, copy);
    }

    /** True for a sequence {@code [T, d]}, false for a vector {@code [d]}. */
    public boolean isSequence() {
        return sequence;
    }

    /** Number of steps T; 1 for a vector. */
    public int length() {
        return length;
    }

    /** Width d of every step. */
    public int dim() {
        return dim;
    }

    /** The value at step {@code step} (0 for a vector), column {@code column}. */
    public float get(int step, int column) {
        Objects.checkIndex(step, length);
        Objects.checkIndex(column, dim);
        return values[step * dim + column];
    }

    /** A copy of one step's values. */
    public float[] row(int step) {
        Objects.checkIndex(step, length);
        return Arrays.copyOfRange(values, step * dim, (step + 1) * dim);
    }

    /** A copy of all values, row-major {@code [T * d]}. */
    public float[] toArray() {
        return values.clone();
    }

    /** Copies all values, row-major, into {@code target} starting at {@code offset}. */
    public void copyTo(float[] target, int offset) {
        System.arraycopy(values, 0, target, offset, values.length);
    }

    /** Whether each step carries a timestamp. */
    public boolean hasTimestamps() {
        return timestamps != null;
    }

    /**
     * A copy of the timestamps in seconds.
     *
     * @throws IllegalStateException if there are none ({@link #hasTimestamps()})
     */
    public double[] timestamps() {
        if (timestamps == null) {
            throw new IllegalStateException("these features have no timestamps");
        }
        return timestamps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Features other
                && length == other.length
                && dim == other.dim
                && sequence == other.sequence
                && Arrays.equals(values, other.values)
                && Arrays.equals(timestamps, other.timestamps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(length, dim, sequence, Arrays.hashCode(values), Arrays.hashCode(timestamps));
    }

    @Override
    public String toString() {
        return sequence
                ? "Features[" + length + ", " + dim + (timestamps != null ? ", timestamped" : "") + "]"
                : "Features[" + dim + "]";
    }

    private static int rowWidth(float[][] rows, int step) {
        if (rows[step] == null) {
            throw new InvalidFeaturesException("step " + step + " is null");
        }
        return rows[step].length;
    }

    private static void requireFinite(float[] values, int dim) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InvalidFeaturesException("non-finite value " + values[i] + " at step "
                        + i / dim + ", column " + i % dim);
            }
        }
    }

    private static void requireAddressable(long total, long length, long dim) {
        if (total > Integer.MAX_VALUE - 8) {
            throw new InvalidFeaturesException("features of shape [" + length + ", " + dim
                    + "] hold " + total + " values, more than one array can");
        }
    }
}
