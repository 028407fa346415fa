package dev.fusion4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The sparse filter banks against dense {@code [nMels][nBins]} matrices computed here, as
 * torchaudio 0.13's {@code melscale_fbanks} and {@code compliance.kaldi.get_mel_banks} write them:
 * applied to each unit spectrum, a bank must give that bin's column of the dense matrix.
 */
class MelFilterBankTest {
    @Test
    void torchaudioBanksEqualTheDenseFormula() {
        // the preset (its lowest filter falls between bins: all zero), Slaney scale and area norm, other rates
        assertSameAsDense(MelFilterBank.torchaudio(201, 0, 8000, 128, 16000, MelScale.HTK, false),
                torchaudioDense(201, 0, 8000, 128, 16000, MelScale.HTK, false));
        assertSameAsDense(MelFilterBank.torchaudio(257, 20, 7600, 40, 16000, MelScale.SLANEY, true),
                torchaudioDense(257, 20, 7600, 40, 16000, MelScale.SLANEY, true));
        assertSameAsDense(MelFilterBank.torchaudio(513, 0, 11025, 80, 22050, MelScale.HTK, true),
                torchaudioDense(513, 0, 11025, 80, 22050, MelScale.HTK, true));
        assertSameAsDense(MelFilterBank.torchaudio(129, 300, 4000, 64, 8000, MelScale.SLANEY, false),
                torchaudioDense(129, 300, 4000, 64, 8000, MelScale.SLANEY, false));
    }

    @Test
    void kaldiBanksEqualTheDenseFormula() {
        assertSameAsDense(MelFilterBank.kaldi(23, 512, 16000, 20, 8000), kaldiDense(23, 512, 16000, 20, 8000));
        assertSameAsDense(MelFilterBank.kaldi(80, 400, 16000, 0, 8000), kaldiDense(80, 400, 16000, 0, 8000));
        assertSameAsDense(MelFilterBank.kaldi(40, 1024, 22050, 60, 7600), kaldiDense(40, 1024, 22050, 60, 7600));
    }

    private static void assertSameAsDense(MelFilterBank bank, double[][] dense) {
        int bins = dense[0].length;
        for (int k = 0; k < bins; k++) {
            double[] unit = new double[bins];
            unit[k] = 1;
            double[] column = bank.apply(unit);
            assertEquals(dense.length, column.length);
            for (int m = 0; m < dense.length; m++) {
                assertEquals(dense[m][k], column[m], 1e-12, "filter " + m + ", bin " + k);
            }
        }
    }

    /** {@code melscale_fbanks}: slopes from each bin frequency to the mel-spaced points. */
    private static double[][] torchaudioDense(int nBins, double fMin, double fMax, int nMels, int sampleRate,
                                              MelScale scale, boolean slaney) {
        double[] fPts = new double[nMels + 2];
        for (int i = 0; i < fPts.length; i++) {
            double mMin = scale.toMel(fMin);
            fPts[i] = scale.toHz(mMin + (scale.toMel(fMax) - mMin) * i / (nMels + 1));
        }
        double[][] fb = new double[nMels][nBins];
        for (int b = 0; b < nBins; b++) {
            double freq = sampleRate / 2 * (b / (double) (nBins - 1));   // linspace(0, sr // 2, n_freqs)
            for (int m = 0; m < nMels; m++) {
                double downSlope = -(fPts[m] - freq) / (fPts[m + 1] - fPts[m]);
                double upSlope = (fPts[m + 2] - freq) / (fPts[m + 2] - fPts[m + 1]);
                double enorm = slaney ? 2.0 / (fPts[m + 2] - fPts[m]) : 1;
                fb[m][b] = Math.max(0, Math.min(downSlope, upSlope)) * enorm;
            }
        }
        return fb;
    }

    /** {@code get_mel_banks} over bins {@code 0 … nFft/2 - 1}, plus the zero Nyquist column {@code fbank} pads. */
    private static double[][] kaldiDense(int nMels, int nFft, int sampleRate, double lowFreq, double highFreq) {
        double melLow = 1127.0 * Math.log(1 + lowFreq / 700);
        double melDelta = (1127.0 * Math.log(1 + highFreq / 700) - melLow) / (nMels + 1);
        double[][] bins = new double[nMels][nFft / 2 + 1];
        for (int m = 0; m < nMels; m++) {
            double leftMel = melLow + m * melDelta;
            double centerMel = melLow + (m + 1.0) * melDelta;
            double rightMel = melLow + (m + 2.0) * melDelta;
            for (int k = 0; k < nFft / 2; k++) {
                double mel = 1127.0 * Math.log(1 + sampleRate / (double) nFft * k / 700);
                double upSlope = (mel - leftMel) / (centerMel - leftMel);
                double downSlope = (rightMel - mel) / (rightMel - centerMel);
                bins[m][k] = Math.max(0, Math.min(upSlope, downSlope));
            }
        }
        return bins;
    }
}
