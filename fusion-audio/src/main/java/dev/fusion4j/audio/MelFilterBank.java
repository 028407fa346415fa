package dev.fusion4j.audio;

import java.util.Arrays;

/**
 * Triangular mel filters over the bins of a one-sided spectrum. Each filter is nonzero on one
 * contiguous run of bins, so only that run is kept (its first bin and its weights) and multiplied:
 * a few hundred products per frame instead of {@code nMels × nBins}. Immutable.
 */
final class MelFilterBank {
    private final int[] firstBin;
    private final double[][] weights;

    /** Keeps each row of {@code dense [nMels][nBins]} from its first to its last nonzero weight. */
    private MelFilterBank(double[][] dense) {
        firstBin = new int[dense.length];
        weights = new double[dense.length][];
        for (int m = 0; m < dense.length; m++) {
            int from = 0;
            int to = dense[m].length;
            while (from < to && dense[m][from] == 0) {
                from++;
            }
            while (to > from && dense[m][to - 1] == 0) {
                to--;
            }
            firstBin[m] = from;
            weights[m] = Arrays.copyOfRange(dense[m], from, to);
        }
    }

    /** Each filter's energy {@code Σ_k w[m][k] · spectrum[k]}, {@code [nMels]}. */
    double[] apply(double[] spectrum) {
        double[] out = new double[weights.length];
        for (int m = 0; m < weights.length; m++) {
            double[] w = weights[m];
            int first = firstBin[m];
            double sum = 0;
            for (int j = 0; j < w.length; j++) {
                sum += w[j] * spectrum[first + j];
            }
            out[m] = sum;
        }
        return out;
    }

    /**
     * torchaudio's {@code melscale_fbanks}: triangles between mel-spaced frequencies, interpolated
     * linearly in Hz over the bin frequencies {@code linspace(0, sr/2, nBins)}; Slaney area
     * normalisation optional.
     */
    static MelFilterBank torchaudio(int nBins, double fMin, double fMax, int nMels, int sampleRate, MelScale scale,
                                    boolean slaneyNorm) {
        double low = scale.toMel(fMin);
        double high = scale.toMel(fMax);
        double[] hz = new double[nMels + 2];
        for (int i = 0; i < nMels + 2; i++) {
            hz[i] = scale.toHz(low + (high - low) * i / (nMels + 1));
        }
        double[][] bank = new double[nMels][nBins];
        for (int m = 0; m < nMels; m++) {
            double enorm = slaneyNorm ? 2.0 / (hz[m + 2] - hz[m]) : 1;
            for (int b = 0; b < nBins; b++) {
                double f = (sampleRate / 2.0) * b / (nBins - 1);
                double down = (f - hz[m]) / (hz[m + 1] - hz[m]);
                double up = (hz[m + 2] - f) / (hz[m + 2] - hz[m + 1]);
                bank[m][b] = Math.max(0, Math.min(down, up)) * enorm;
            }
        }
        return new MelFilterBank(bank);
    }

    /**
     * Kaldi's {@code get_mel_banks}: triangles in the mel domain ({@code 1127 ln(1 + f/700)})
     * between {@code lowFreq} and {@code highFreq}, over bins {@code k · sr / nFft} for
     * {@code k < nFft/2}; the Nyquist bin gets 0.
     */
    static MelFilterBank kaldi(int nMels, int nFft, int sampleRate, double lowFreq, double highFreq) {
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
        return new MelFilterBank(bank);
    }

    private static double kaldiMel(double hz) {
        return 1127 * Math.log(1 + hz / 700);
    }
}
