package dev.fusion4j.audio;

/**
 * The weights of torchaudio's windowed-sinc resampling kernel for one pair of rates, reduced by
 * their greatest common divisor to {@code orig → target}. Output sample {@code n = f · target + p}
 * (frame {@code f}, phase {@code p}) weighs input sample {@code f · orig + j} by {@code w(p, j)}, where
 * {@code t = (j / orig - p / target) · base}, {@code base = 0.99 · min(orig, target)} and
 * {@code w = sinc(π t) · cos²(π t / 12) · base / orig} for {@code |t| < 6}, else 0.
 *
 * <p>The weights of all phases are tabulated when the table fits in the given number of bytes, and
 * computed when asked otherwise: the same numbers either way. Immutable and thread-safe.
 */
final class SincKernel {
    private static final int ZERO_CROSSINGS = 6;
    private static final double ROLLOFF = 0.99;

    private final int orig;
    private final int target;
    private final double base;
    /** Half the kernel's width in input samples: {@code 6 · orig / base}. */
    private final double reach;
    /** {@code [phase][j - first(phase)]}, or null when the weights are computed when asked. */
    private final double[][] table;
    /** {@code first(phase)} for every phase, with the table. */
    private final long[] firsts;

    SincKernel(int from, int to, long maxTableBytes) {
        int gcd = gcd(from, to);
        this.orig = from / gcd;
        this.target = to / gcd;
        this.base = Math.min(orig, target) * ROLLOFF;
        this.reach = ZERO_CROSSINGS * orig / base;
        long taps = (long) Math.floor(2 * reach) + 2;
        boolean tabulated = 8.0 * target * (taps + 1) <= maxTableBytes;
        this.firsts = tabulated ? new long[target] : null;
        this.table = tabulated ? tabulate((int) taps) : null;
    }

    int orig() {
        return orig;
    }

    int target() {
        return target;
    }

    /** The bytes the table holds: 0 where the weights are computed when asked. */
    long tableBytes() {
        return table == null ? 0 : 8L * table.length * (table[0].length + 1);
    }

    /** The first offset {@code j} with a non-zero weight for {@code phase}. */
    long first(int phase) {
        return (long) Math.ceil((double) orig * phase / target - reach);
    }

    /** The last offset {@code j} with a non-zero weight for {@code phase}. */
    long last(int phase) {
        return (long) Math.floor((double) orig * phase / target + reach);
    }

    /** The weight of offset {@code j} (between {@link #first} and {@link #last}) for {@code phase}. */
    double weight(int phase, long j) {
        return table != null ? table[phase][(int) (j - firsts[phase])] : compute(phase, j);
    }

    private double[][] tabulate(int taps) {
        double[][] weights = new double[target][taps];
        for (int phase = 0; phase < target; phase++) {
            long first = first(phase);
            firsts[phase] = first;
            for (long j = first; j <= last(phase); j++) {
                weights[phase][(int) (j - first)] = compute(phase, j);
            }
        }
        return weights;
    }

    /** As torchaudio's {@code _get_sinc_resample_kernel}, in double precision. */
    private double compute(int phase, long j) {
        double t = (-phase / (double) target + j / (double) orig) * base;
        t = Math.max(-ZERO_CROSSINGS, Math.min(ZERO_CROSSINGS, t));
        double window = Math.pow(Math.cos(t * Math.PI / ZERO_CROSSINGS / 2), 2);
        double x = t * Math.PI;
        double sinc = x == 0 ? 1 : Math.sin(x) / x;
        return sinc * window * base / orig;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
