package dev.fusion4j.audio;

/** Mel scales: HTK ({@code 2595 log10(1 + f/700)}), Kaldi ({@code 1127 ln(1 + f/700)}, the same curve), Slaney. */
public enum MelScale {
    HTK, SLANEY;

    private static final double SLANEY_BREAK_HZ = 1000;
    private static final double SLANEY_STEP = 200.0 / 3;
    private static final double SLANEY_LOG_STEP = Math.log(6.4) / 27;

    public double toMel(double hz) {
        if (this == HTK) {
            return 2595 * Math.log10(1 + hz / 700);
        }
        return hz < SLANEY_BREAK_HZ
                ? hz / SLANEY_STEP
                : SLANEY_BREAK_HZ / SLANEY_STEP + Math.log(hz / SLANEY_BREAK_HZ) / SLANEY_LOG_STEP;
    }

    public double toHz(double mel) {
        if (this == HTK) {
            return 700 * (Math.pow(10, mel / 2595) - 1);
        }
        double breakMel = SLANEY_BREAK_HZ / SLANEY_STEP;
        return mel < breakMel ? mel * SLANEY_STEP : SLANEY_BREAK_HZ * Math.exp(SLANEY_LOG_STEP * (mel - breakMel));
    }
}
