package dev.fusion4j.audio;

/** Analysis windows. */
public enum Window {
    /** Periodic Hann, {@code 0.5 - 0.5 cos(2πn/N)} (torch.hann_window's default). */
    HANN,
    /** Periodic Hamming, {@code 0.54 - 0.46 cos(2πn/N)}. */
    HAMMING,
    /** Kaldi's Povey window: the symmetric Hann window raised to 0.85. */
    POVEY,
    /** All ones. */
    RECTANGULAR;

    /** The window's {@code length} coefficients. */
    public double[] coefficients(int length) {
        double[] w = new double[length];
        for (int n = 0; n < length; n++) {
            w[n] = switch (this) {
                case HANN -> 0.5 - 0.5 * Math.cos(2 * Math.PI * n / length);
                case HAMMING -> 0.54 - 0.46 * Math.cos(2 * Math.PI * n / length);
                case POVEY -> Math.pow(0.5 - 0.5 * Math.cos(2 * Math.PI * n / (length - 1)), 0.85);
                case RECTANGULAR -> 1;
            };
        }
        return w;
    }
}
