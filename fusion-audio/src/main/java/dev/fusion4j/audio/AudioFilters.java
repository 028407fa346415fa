package dev.fusion4j.audio;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.filters.BandPass;
import be.tarsos.dsp.filters.HighPass;
import be.tarsos.dsp.filters.IIRFilter;
import be.tarsos.dsp.filters.LowPassFS;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;

/**
 * Clean-up filters for clips: DC removal, pre-emphasis, TarsosDSP's single-pole high-, low- and
 * band-pass filters, and a frame-wise noise gate. Each returns a new clip.
 */
public final class AudioFilters {
    private AudioFilters() {
    }

    /** Subtracts the mean. */
    public static AudioClip removeDc(AudioClip clip) {
        float[] x = clip.samples();
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= Math.max(1, x.length);
        for (int i = 0; i < x.length; i++) {
            x[i] -= (float) mean;
        }
        return AudioClip.of(x, clip.sampleRate());
    }

    /** {@code y[n] = x[n] - c x[n-1]}, {@code y[0] = x[0]}. */
    public static AudioClip preEmphasis(AudioClip clip, double coefficient) {
        float[] x = clip.samples();
        for (int i = x.length - 1; i > 0; i--) {
            x[i] -= (float) (coefficient * x[i - 1]);
        }
        return AudioClip.of(x, clip.sampleRate());
    }

    /** TarsosDSP's high-pass filter with the given cut-off (Hz). */
    public static AudioClip highPass(AudioClip clip, double cutoffHz) {
        return filter(clip, new HighPass((float) cutoffHz, clip.sampleRate()));
    }

    /** TarsosDSP's low-pass filter with the given cut-off (Hz). */
    public static AudioClip lowPass(AudioClip clip, double cutoffHz) {
        return filter(clip, new LowPassFS((float) cutoffHz, clip.sampleRate()));
    }

    /** TarsosDSP's band-pass filter around {@code centreHz}, {@code bandwidthHz} wide. */
    public static AudioClip bandPass(AudioClip clip, double centreHz, double bandwidthHz) {
        return filter(clip, new BandPass((float) centreHz, (float) bandwidthHz, clip.sampleRate()));
    }

    /**
     * Zeroes every frame of {@code frameMillis} whose RMS level is below {@code thresholdDb}
     * (dB relative to full scale, e.g. -50).
     */
    public static AudioClip noiseGate(AudioClip clip, double thresholdDb, double frameMillis) {
        float[] x = clip.samples();
        int frame = Math.max(1, (int) (clip.sampleRate() * frameMillis / 1000));
        double threshold = Math.pow(10, thresholdDb / 20);
        for (int start = 0; start < x.length; start += frame) {
            int end = Math.min(x.length, start + frame);
            double energy = 0;
            for (int i = start; i < end; i++) {
                energy += x[i] * (double) x[i];
            }
            if (Math.sqrt(energy / (end - start)) < threshold) {
                java.util.Arrays.fill(x, start, end, 0f);
            }
        }
        return AudioClip.of(x, clip.sampleRate());
    }

    private static AudioClip filter(AudioClip clip, IIRFilter filter) {
        if (clip.length() == 0) {
            return clip;
        }
        AudioEvent event = new AudioEvent(new TarsosDSPAudioFormat(clip.sampleRate(), 16, 1, true, false));
        event.setFloatBuffer(clip.samples());
        filter.process(event);
        return AudioClip.of(event.getFloatBuffer(), clip.sampleRate());
    }
}
