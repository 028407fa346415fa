package dev.fusion4j.audio;

import be.tarsos.dsp.util.fft.FFT;
import java.util.Arrays;

/**
 * Runs one {@link MfccConfig} on samples: frames → log-mel energies {@code [T][nMels]} →
 * cepstra {@code [T][nMfcc]}. The window, filters and DCT matrix are computed once; the FFT is
 * TarsosDSP's. Thread-safe.
 */
final class MelAnalysis {
    private static final double LOG_FLOOR = 1.1920928955078125e-07;
    private static final double DB_FLOOR = 1e-10;

    private final MfccConfig config;
    private final double[] window;
    private final MelFilterBank filters;
    /** The orthonormal DCT-II transposed, {@code [nMels][nMfcc]}. */
    private final double[][] dctByMel;
    private final double[] lifter;
    private final ThreadLocal<FFT> fft;

    MelAnalysis(MfccConfig config) {
        this.config = config;
        this.window = config.window.coefficients(config.frameLength);
        int bins = config.nFft / 2 + 1;
        this.filters = config.filters == MfccConfig.Filters.KALDI
                ? MelFilterBank.kaldi(config.nMels, config.nFft, config.sampleRate, config.fMin, config.fMax)
                : MelFilterBank.torchaudio(bins, config.fMin, config.fMax, config.nMels, config.sampleRate,
                        config.melScale, config.slaneyNorm);
        this.dctByMel = orthonormalDctByMel(config.nMfcc, config.nMels);
        this.lifter = new double[config.nMfcc];
        for (int k = 0; k < config.nMfcc; k++) {
            lifter[k] = config.lifter == 0 ? 1 : 1 + config.lifter / 2 * Math.sin(Math.PI * k / config.lifter);
        }
        this.fft = ThreadLocal.withInitial(() -> new FFT(config.nFft));
    }

    /** The number of frames for {@code length} samples. */
    int frameCount(int length) {
        if (config.framing == MfccConfig.Framing.CENTER) {
            return 1 + length / config.hop;
        }
        return length < config.frameLength ? 0 : 1 + (length - config.frameLength) / config.hop;
    }

    /** The time (s) of frame {@code i}'s centre. */
    double frameTime(int i) {
        double centre = config.framing == MfccConfig.Framing.CENTER
                ? (double) i * config.hop
                : (double) i * config.hop + config.frameLength / 2.0;
        return centre / config.sampleRate;
    }

    /**
     * @throws AudioFormatException if the clip is too short for one frame
     */
    double[][] logMel(float[] samples) {
        boolean centred = config.framing == MfccConfig.Framing.CENTER;
        int padding = centred ? config.nFft / 2 : 0;
        if (centred ? samples.length <= padding : samples.length < config.frameLength) {
            throw new AudioFormatException("a clip of " + samples.length + " samples is too short: this analysis needs "
                    + (centred ? padding + 1 : config.frameLength) + " samples or more");
        }
        // centred, the frame sits in the middle of the nFft buffer (as torch.stft pads the window)
        int offset = centred ? (config.nFft - config.frameLength) / 2 : 0;
        int frames = frameCount(samples.length);
        double[][] mel = new double[frames][];
        float[] buffer = new float[config.nFft];
        double[] frame = new double[config.frameLength];
        double[] spectrum = new double[config.nFft / 2 + 1];
        FFT transform = fft.get();
        for (int i = 0; i < frames; i++) {
            int first = i * config.hop - padding + offset;
            for (int n = 0; n < config.frameLength; n++) {
                frame[n] = config.inputScale * reflect(samples, first + n);
            }
            prepare(frame);
            Arrays.fill(buffer, 0f);
            for (int n = 0; n < config.frameLength; n++) {
                buffer[offset + n] = (float) (frame[n] * window[n]);
            }
            transform.forwardTransform(buffer);
            spectrum(buffer, spectrum);
            mel[i] = filters.apply(spectrum);
        }
        compress(mel);
        return mel;
    }

    /** Cepstra of log-mel frames; the DCT is summed mel by mel over all coefficients at once (vectorised). */
    double[][] cepstra(double[][] logMel) {
        double[][] out = new double[logMel.length][config.nMfcc];
        for (int t = 0; t < logMel.length; t++) {
            double[] c = out[t];
            for (int m = 0; m < config.nMels; m++) {
                double x = logMel[t][m];
                double[] basis = dctByMel[m];
                for (int k = 0; k < c.length; k++) {
                    c[k] += basis[k] * x;
                }
            }
            for (int k = 0; k < c.length; k++) {
                c[k] *= lifter[k];
            }
        }
        return out;
    }

    private void prepare(double[] frame) {
        if (config.removeDc) {
            double mean = 0;
            for (double v : frame) {
                mean += v;
            }
            mean /= frame.length;
            for (int n = 0; n < frame.length; n++) {
                frame[n] -= mean;
            }
        }
        if (config.preemphasis > 0) {
            for (int n = frame.length - 1; n > 0; n--) {
                frame[n] -= config.preemphasis * frame[n - 1];
            }
            frame[0] -= config.preemphasis * frame[0];
        }
    }

    /** Power or magnitude of bins 0 … nFft/2 into {@code out}, from TarsosDSP's packed real FFT output. */
    private void spectrum(float[] packed, double[] out) {
        int n = config.nFft;
        for (int k = 0; k <= n / 2; k++) {
            double re;
            double im;
            if (k == 0) {
                re = packed[0];
                im = 0;
            } else if (k == n / 2 && n % 2 == 0) {
                re = packed[1];
                im = 0;
            } else {
                re = packed[2 * k];
                im = packed[2 * k + 1];
            }
            double power = re * re + im * im;
            out[k] = config.power ? power : Math.sqrt(power);
        }
    }

    private void compress(double[][] mel) {
        double max = Double.NEGATIVE_INFINITY;
        for (double[] frame : mel) {
            for (int m = 0; m < frame.length; m++) {
                frame[m] = config.compression == MfccConfig.Compression.LOG
                        ? Math.log(Math.max(frame[m], LOG_FLOOR))
                        : 10 * Math.log10(Math.max(frame[m], DB_FLOOR));
                max = Math.max(max, frame[m]);
            }
        }
        if (config.compression == MfccConfig.Compression.DB && config.topDb > 0) {
            double floor = max - config.topDb;
            for (double[] frame : mel) {
                for (int m = 0; m < frame.length; m++) {
                    frame[m] = Math.max(frame[m], floor);
                }
            }
        }
    }

    /** {@code x[reflect(i)]}, mirroring without repeating the edge sample, as torch's reflect padding. */
    private static double reflect(float[] x, int i) {
        int n = x.length;
        int index = i;
        if (index < 0) {
            index = -index;
        }
        if (index >= n) {
            index = 2 * (n - 1) - index;
        }
        return x[Math.max(0, Math.min(n - 1, index))];
    }

    /** Orthonormal DCT-II, transposed: {@code [nMels][nMfcc]}. */
    private static double[][] orthonormalDctByMel(int nMfcc, int nMels) {
        double[][] dct = new double[nMels][nMfcc];
        for (int k = 0; k < nMfcc; k++) {
            double scale = k == 0 ? Math.sqrt(1.0 / nMels) : Math.sqrt(2.0 / nMels);
            for (int m = 0; m < nMels; m++) {
                dct[m][k] = scale * Math.cos(Math.PI / nMels * (m + 0.5) * k);
            }
        }
        return dct;
    }
}
