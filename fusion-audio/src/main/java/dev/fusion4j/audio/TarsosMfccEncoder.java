package dev.fusion4j.audio;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import be.tarsos.dsp.mfcc.MFCC;
import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.Features;

/**
 * TarsosDSP's own MFCC ({@code be.tarsos.dsp.mfcc.MFCC}), kept as a preset for users who need its
 * numbers. It differs from torchaudio and Kaldi: a magnitude (not power) spectrum, filter centres
 * rounded to FFT bins, and an unnormalised DCT. Frames start at {@code i · hop} (no padding); each
 * frame's timestamp is its centre. Not thread-safe (TarsosDSP's class keeps state): one per thread.
 */
public final class TarsosMfccEncoder implements Encoder<AudioClip> {
    private final int sampleRate;
    private final int frameLength;
    private final int hop;
    private final int coefficients;
    private final MFCC mfcc;

    /**
     * TarsosDSP's defaults for the frame: 30 coefficients from 30 mel filters, 133.33 Hz to
     * Nyquist.
     */
    public TarsosMfccEncoder(int sampleRate, int frameLength, int hop) {
        this(sampleRate, frameLength, hop, 30, 30, 133.3334f, sampleRate / 2f);
    }

    public TarsosMfccEncoder(int sampleRate, int frameLength, int hop, int coefficients, int melFilters, float lowHz,
                             float highHz) {
        if (sampleRate <= 0 || frameLength <= 0 || hop <= 0) {
            throw new IllegalArgumentException("sample rate, frame length and hop must be > 0");
        }
        this.sampleRate = sampleRate;
        this.frameLength = frameLength;
        this.hop = hop;
        this.coefficients = coefficients;
        this.mfcc = new MFCC(frameLength, sampleRate, coefficients, melFilters, lowHz, highHz);
    }

    @Override
    public int dim() {
        return coefficients;
    }

    /**
     * @throws AudioFormatException if the clip is shorter than one frame
     */
    @Override
    public Features encode(AudioClip clip) {
        float[] x = clip.resample(sampleRate).samples();
        if (x.length < frameLength) {
            throw new AudioFormatException("a clip of " + x.length + " samples is shorter than one frame of "
                    + frameLength);
        }
        int frames = 1 + (x.length - frameLength) / hop;
        float[][] rows = new float[frames][];
        double[] times = new double[frames];
        TarsosDSPAudioFormat format = new TarsosDSPAudioFormat(sampleRate, 16, 1, true, false);
        for (int i = 0; i < frames; i++) {
            float[] frame = new float[frameLength];
            System.arraycopy(x, i * hop, frame, 0, frameLength);
            AudioEvent event = new AudioEvent(format);
            event.setFloatBuffer(frame);
            mfcc.process(event);
            rows[i] = mfcc.getMFCC().clone();
            times[i] = (i * hop + frameLength / 2.0) / sampleRate;
        }
        return Features.sequence(rows).withTimestamps(times);
    }
}
