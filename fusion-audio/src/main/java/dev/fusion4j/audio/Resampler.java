package dev.fusion4j.audio;

/**
 * Band-limited resampling with a Hann-windowed sinc kernel, the algorithm of
 * {@code torchaudio.functional.resample} with its defaults (6 zero crossings, roll-off 0.99): the
 * low-pass cut-off sits at 0.99 of the lower Nyquist frequency, so downsampling does not alias.
 */
public final class Resampler {
    private static final int ZERO_CROSSINGS = 6;
    private static final double ROLLOFF = 0.99;

    private Resampler() {
    }

    /**
     * @return {@code ceil(length · to / from)} samples at rate {@code to}
     */
    public static float[] resample(float[] input, int from, int to) {
        if (from <= 0 || to <= 0) {
            throw new AudioFormatException("sample rates must be > 0 Hz, got " + from + " -> " + to);
        }
        if (from == to) {
            return input.clone();
        }
        int gcd = gcd(from, to);
        int orig = from / gcd;
        int target = to / gcd;
        double base = Math.min(orig, target) * ROLLOFF;
        int width = (int) Math.ceil(ZERO_CROSSINGS * orig / base);
        int taps = 2 * width + orig;
        double[][] kernels = new double[target][taps];
        for (int phase = 0; phase < target; phase++) {
            for (int k = 0; k < taps; k++) {
                double t = (-phase / (double) target + (k - width) / (double) orig) * base;
                t = Math.max(-ZERO_CROSSINGS, Math.min(ZERO_CROSSINGS, t));
                double window = Math.pow(Math.cos(t * Math.PI / ZERO_CROSSINGS / 2), 2);
                double x = t * Math.PI;
                double sinc = x == 0 ? 1 : Math.sin(x) / x;
                kernels[phase][k] = sinc * window * base / orig;
            }
        }
        long outLength = (long) Math.ceil((double) target * input.length / orig);
        if (outLength > Integer.MAX_VALUE - 8) {
            throw new AudioFormatException("resampling " + input.length + " samples to " + to + " Hz gives too many");
        }
        float[] out = new float[(int) outLength];
        for (int frame = 0; frame * (long) target < outLength; frame++) {
            int start = frame * orig - width;   // kernel tap k reads input[start + k]
            for (int phase = 0; phase < target; phase++) {
                int index = frame * target + phase;
                if (index >= out.length) {
                    break;
                }
                double sum = 0;
                double[] kernel = kernels[phase];
                for (int k = 0; k < taps; k++) {
                    int i = start + k;
                    if (i >= 0 && i < input.length) {
                        sum += kernel[k] * input[i];
                    }
                }
                out[index] = (float) sum;
            }
        }
        return out;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
