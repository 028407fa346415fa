package dev.fusion4j.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * Mono audio: samples in [-1, 1] (not enforced; any finite value) at a sample rate in Hz.
 * Immutable: the constructor and {@link #samples()} copy.
 */
public final class AudioClip {
    private final float[] samples;
    private final int sampleRate;

    private AudioClip(float[] samples, int sampleRate) {
        this.samples = samples;
        this.sampleRate = sampleRate;
    }

    /**
     * @throws AudioFormatException for a non-positive sample rate or a non-finite sample
     */
    public static AudioClip of(float[] samples, int sampleRate) {
        Objects.requireNonNull(samples, "samples");
        if (sampleRate <= 0) {
            throw new AudioFormatException("sample rate must be > 0 Hz, got " + sampleRate);
        }
        float[] copy = samples.clone();
        for (int i = 0; i < copy.length; i++) {
            if (!Float.isFinite(copy[i])) {
                throw new AudioFormatException("sample " + i + " (" + i / (double) sampleRate + " s) is " + copy[i]);
            }
        }
        return new AudioClip(copy, sampleRate);
    }

    /** A copy of the samples. */
    public float[] samples() {
        return samples.clone();
    }

    /** The number of samples. */
    public int length() {
        return samples.length;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Duration in seconds. */
    public double duration() {
        return samples.length / (double) sampleRate;
    }

    /** This clip at another rate, with torchaudio's windowed-sinc anti-aliasing ({@link Resampler}). */
    public AudioClip resample(int targetRate) {
        return targetRate == sampleRate ? this : new AudioClip(Resampler.resample(samples, sampleRate, targetRate), targetRate);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioClip other && sampleRate == other.sampleRate && Arrays.equals(samples, other.samples);
    }

    @Override
    public int hashCode() {
        return 31 * sampleRate + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "AudioClip[%d samples, %d Hz, %.3f s]", samples.length, sampleRate,
                duration());
    }
}
