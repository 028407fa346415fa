package dev.fusion4j.align;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidFeaturesException;
import java.util.Objects;

/**
 * Puts a timestamped sequence onto another clock. A target step with no source step within
 * {@code maxGap} seconds is marked missing (mask 0, value 0) rather than invented.
 * <ul>
 *   <li>{@link Method#NEAREST}: the nearest source step;
 *   <li>{@link Method#LINEAR}: linear interpolation between the source steps around the target
 *       time (both within {@code maxGap}); outside the source's span, the nearest step if within
 *       {@code maxGap};
 *   <li>{@link Method#WINDOW_MEAN} / {@link Method#WINDOW_MAX}: the mean / maximum of the source
 *       steps in the target step's window {@code [t - w/2, t + w/2)}, with {@code w} the target
 *       clock's spacing (or the given window); an empty window is missing.
 * </ul>
 * Immutable and thread-safe.
 */
public final class TemporalAligner {
    /** How values are taken from the source. */
    public enum Method { NEAREST, LINEAR, WINDOW_MEAN, WINDOW_MAX }

    private final Method method;
    private final double maxGap;
    private final double window;

    private TemporalAligner(Method method, double maxGap, double window) {
        this.method = Objects.requireNonNull(method, "method");
        if (!(maxGap >= 0)) {
            throw new IllegalArgumentException("max gap must be ≥ 0 seconds, got " + maxGap);
        }
        this.maxGap = maxGap;
        this.window = window;
    }

    /** Nearest or linear alignment with a maximum gap (seconds). */
    public static TemporalAligner of(Method method, double maxGap) {
        return new TemporalAligner(method, maxGap, Double.NaN);
    }

    /** Window pooling with an explicit window length (seconds). */
    public static TemporalAligner windowed(Method method, double window) {
        if (method != Method.WINDOW_MEAN && method != Method.WINDOW_MAX) {
            throw new IllegalArgumentException("a window length applies to WINDOW_MEAN or WINDOW_MAX, not " + method);
        }
        if (!(window > 0)) {
            throw new IllegalArgumentException("window must be > 0 seconds, got " + window);
        }
        return new TemporalAligner(method, Double.POSITIVE_INFINITY, window);
    }

    /** A fixed-rate clock from {@code start} (inclusive) to {@code end} (exclusive). */
    public static double[] clock(double rate, double start, double end) {
        if (!(rate > 0) || !(end > start)) {
            throw new IllegalArgumentException("need rate > 0 and end > start, got " + rate + ", " + start + ", " + end);
        }
        int steps = (int) Math.ceil((end - start) * rate - 1e-9);
        double[] times = new double[steps];
        for (int i = 0; i < steps; i++) {
            times[i] = start + i / rate;
        }
        return times;
    }

    /**
     * Aligns {@code source} (a timestamped sequence) onto {@code clock} (strictly increasing
     * seconds).
     *
     * @throws InvalidFeaturesException if the source has no timestamps
     */
    public AlignedFeatures align(Features source, double[] clock) {
        if (!source.hasTimestamps()) {
            throw new InvalidFeaturesException("alignment needs timestamps; this " + source + " has none");
        }
        if (clock.length == 0) {
            throw new IllegalArgumentException("the target clock has no steps");
        }
        double[] times = source.timestamps();
        int d = source.dim();
        float[][] rows = new float[clock.length][d];
        float[] mask = new float[clock.length];
        for (int i = 0; i < clock.length; i++) {
            double t = clock[i];
            switch (method) {
                case NEAREST -> {
                    int s = nearest(times, t);
                    if (Math.abs(times[s] - t) <= maxGap) {
                        rows[i] = source.row(s);
                        mask[i] = 1;
                    }
                }
                case LINEAR -> {
                    int after = firstAtOrAfter(times, t);
                    if (after < times.length && times[after] == t) {
                        rows[i] = source.row(after);
                        mask[i] = 1;
                    } else if (after > 0 && after < times.length) {
                        int before = after - 1;
                        if (t - times[before] <= maxGap && times[after] - t <= maxGap) {
                            double w = (t - times[before]) / (times[after] - times[before]);
                            for (int j = 0; j < d; j++) {
                                rows[i][j] = (float) ((1 - w) * source.get(before, j) + w * source.get(after, j));
                            }
                            mask[i] = 1;
                        }
                    } else {
                        int s = after == 0 ? 0 : times.length - 1;
                        if (Math.abs(times[s] - t) <= maxGap) {
                            rows[i] = source.row(s);
                            mask[i] = 1;
                        }
                    }
                }
                default -> pool(source, times, clock, i, rows[i], mask);
            }
        }
        return new AlignedFeatures(Features.sequence(rows).withTimestamps(clock.clone()), mask);
    }

    private void pool(Features source, double[] times, double[] clock, int i, float[] row, float[] mask) {
        double width = Double.isNaN(window)
                ? (clock.length > 1 ? (i + 1 < clock.length ? clock[i + 1] - clock[i] : clock[i] - clock[i - 1]) : 1)
                : window;
        double from = clock[i] - width / 2;
        double to = clock[i] + width / 2;
        int count = 0;
        for (int s = firstAtOrAfter(times, from); s < times.length && times[s] < to; s++) {
            for (int j = 0; j < row.length; j++) {
                float v = source.get(s, j);
                row[j] = method == Method.WINDOW_MAX ? (count == 0 ? v : Math.max(row[j], v)) : row[j] + v;
            }
            count++;
        }
        if (count > 0) {
            if (method == Method.WINDOW_MEAN) {
                for (int j = 0; j < row.length; j++) {
                    row[j] /= count;
                }
            }
            mask[i] = 1;
        }
    }

    private static int nearest(double[] times, double t) {
        int after = firstAtOrAfter(times, t);
        if (after == 0) {
            return 0;
        }
        if (after == times.length) {
            return times.length - 1;
        }
        return t - times[after - 1] <= times[after] - t ? after - 1 : after;
    }

    private static int firstAtOrAfter(double[] times, double t) {
        int low = 0;
        int high = times.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (times[mid] < t) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
