package dev.fusion4j.audio;

/**
 * Triangular mel filters over the bins of a one-sided spectrum, {@code [nMels][nBins]}.
 */
final class MelFilterBank {
    private MelFilterBank() {
    }

    /**
     * torchaudio's {@code melscale_fbanks}: triangles between mel-spaced frequencies, interpolated
     * linearly in Hz over the bin frequencies {@code linspace(0, sr/2, nBins)}; Slaney area
     * normalisation optional.
     */
    static double[][] torchaudio(int nBins, double fMin, double fMax, int nMels, int sampleRate, MelScale scale,
                                 boolean slaneyNorm) {
        double[] mels = new double[nMels + 2];
        double low = scale.toMel(fMin);
        double high = scale.toMel(fMax);
        double[] hz = new double[nMels + 2];
        for (int i = 0; i < nMels + 2; i++) {
            mels[i] = low + (high - low) * i / (nMels + 1);
            hz[i] = scale.toHz(mels[i]);
        }
        double[][] bank = new double[nMels][nBins];
        for (int b = 0; b < nBins; b++) {
            double f = (sampleRate / 2.0) * b / (nBins - 1);
            for (int m = 0; m < nMels; m++) {
                double down = (f - hz[m]) / (hz[m + 1] - hz[m]);
                double up = (hz[m + 2] - f) / (hz[m + 2] - hz[m + 1]);
                bank[m][b] = Math.max(0, Math.min(down, up));
            }
        }
        if (slaneyNorm) {
            for (int m = 0; m < nMels; m++) {
                double enorm = 2.0 / (hz[m + 2] - hz[m]);
                for (int b = 0; b < nBins; b++) {
                    bank[m][b] *= enorm;
                }
            }
        }
        return bank;
    }

    /**
     * Kaldi's {@code get_mel_banks}: triangles in the mel domain ({@code 1127 ln(1 + f/700)})
     * between {@code lowFreq} and {@code highFreq}, over bins {@code k · sr / nFft} for
     * {@code k < nFft/2}; the Nyquist bin gets 0.
     */
    static double[][] kaldi(int nMels, int nFft, int sampleRate, double lowFreq, double highFreq) {
        int bins = nFft / 2;
        double binWidth = sampleRate / (double) nFft;
        double melLow = kaldiMel(lowFreq);
        double melHigh = kaldiMel(highFreq);
        double delta = (melHigh - melLow) / (nMels + 1);
        double[][] bank = new double[nMels][bins + 1];
        for (int m = 0; m < nMels; m++) {
            double left = melLow + m * delta;
            double center = melLow + (m + 1) * delta;
            double right = melLow + (m + 2) * delta;
            for (int k = 0; k < bins; k++) {
                double mel = kaldiMel(binWidth * k);
                double up = (mel - left) / (center - left);
                double down = (right - mel) / (right - center);
                bank[m][k] = Math.max(0, Math.min(up, down));
            }
        }
        return bank;
    }

    private static double kaldiMel(double hz) {
        return 1127 * Math.log(1 + hz / 700);
    }
}
