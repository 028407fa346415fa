package dev.fusion4j.audio;

/**
 * Band-limited resampling with a Hann-windowed sinc kernel, the algorithm of
 * {@code torchaudio.functional.resample} with its defaults (6 zero crossings, roll-off 0.99): the
 * low-pass cut-off sits at 0.99 of the lower Nyquist frequency, so downsampling does not alias.
 *
 * <p>Memory: the rates are reduced by their greatest common divisor, and each output sample weighs
 * only the input samples within 6 zero crossings of it. The weights of every phase are tabulated
 * once where that takes at most {@link #MAX_TABLE_BYTES} (every common pair of rates: 44.1 kHz →
 * 16 kHz takes 46 KB) and computed for each output sample otherwise (odd rates such as 99 991 Hz or
 * 22 254 Hz), with the same result. Any pair of rates therefore costs at most 1 MiB besides the
 * input and output arrays.
 */
public final class Resampler {
    /** The most memory the kernel table may take: 1 MiB. */
    public static final long MAX_TABLE_BYTES = 1 << 20;

    private Resampler() {
    }

    /**
     * @return {@code ceil(length · to / from)} samples at rate {@code to}
     * @throws AudioFormatException for a rate ≤ 0 or an output longer than an array can hold
     */
    public static float[] resample(float[] input, int from, int to) {
        return resample(input, from, to, MAX_TABLE_BYTES);
    }

    /** {@link #resample(float[], int, int)} with the table bounded at {@code maxTableBytes}. */
    static float[] resample(float[] input, int from, int to, long maxTableBytes) {
        if (from <= 0 || to <= 0) {
            throw new AudioFormatException("sample rates must be > 0 Hz, got " + from + " -> " + to);
        }
        if (from == to) {
            return input.clone();
        }
        SincKernel kernel = new SincKernel(from, to, maxTableBytes);
        int orig = kernel.orig();
        int target = kernel.target();
        long outLength = ((long) target * input.length + orig - 1) / orig;
        if (outLength > Integer.MAX_VALUE - 8) {
            throw new AudioFormatException("resampling " + input.length + " samples from " + from + " Hz to " + to
                    + " Hz gives " + outLength + " samples, more than an array holds");
        }
        float[] out = new float[(int) outLength];
        for (int n = 0; n < out.length; n++) {
            int phase = (int) (n % target);
            long origin = (long) (n / target) * orig;   // the input index of this frame's phase 0
            long first = Math.max(0, origin + kernel.first(phase));
            long last = Math.min(input.length - 1L, origin + kernel.last(phase));
            double sum = 0;
            for (long i = first; i <= last; i++) {
                sum += kernel.weight(phase, i - origin) * input[(int) i];
            }
            out[n] = (float) sum;
        }
        return out;
    }
}
