package dev.fusion4j.audio;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import be.tarsos.dsp.mfcc.MFCC;
import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import java.util.Map;
import java.util.Optional;

/**
 * TarsosDSP's own MFCC ({@code be.tarsos.dsp.mfcc.MFCC}), kept as a preset for users who need its
 * numbers. It differs from torchaudio and Kaldi: a magnitude (not power) spectrum, filter centres
 * rounded to FFT bins, and an unnormalised DCT. Frames start at {@code i · hop} (no padding); each
 * frame's timestamp is its centre. Immutable and thread-safe: TarsosDSP's class keeps state, so each
 * {@link #encode} call makes its own. Its {@link #spec()} holds every setting; {@link Factory}
 * rebuilds it.
 */
public final class TarsosMfccEncoder implements Encoder<AudioClip> {
    private final int sampleRate;
    private final int frameLength;
    private final int hop;
    private final int coefficients;
    private final int melFilters;
    private final float lowHz;
    private final float highHz;

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
        if (coefficients <= 0 || melFilters < coefficients) {
            throw new IllegalArgumentException("need coefficients > 0 and at least as many mel filters, got "
                    + coefficients + " and " + melFilters);
        }
        if (!(lowHz >= 0 && lowHz < highHz && highHz <= sampleRate / 2f)) {
            throw new IllegalArgumentException("need 0 ≤ lowHz < highHz ≤ " + sampleRate / 2f + " Hz, got " + lowHz
                    + " and " + highHz);
        }
        this.sampleRate = sampleRate;
        this.frameLength = frameLength;
        this.hop = hop;
        this.coefficients = coefficients;
        this.melFilters = melFilters;
        this.lowHz = lowHz;
        this.highHz = highHz;
    }

    /** Every constructor argument by name. */
    @Override
    public Optional<EncoderSpec> spec() {
        return Optional.of(EncoderSpec.of(Factory.TYPE, Map.of("sampleRate", Integer.toString(sampleRate),
                "frameLength", Integer.toString(frameLength), "hop", Integer.toString(hop),
                "coefficients", Integer.toString(coefficients), "melFilters", Integer.toString(melFilters),
                "lowHz", Float.toString(lowHz), "highHz", Float.toString(highHz))));
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
        MFCC mfcc = new MFCC(frameLength, sampleRate, coefficients, melFilters, lowHz, highHz);
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

    /** Rebuilds TarsosDSP MFCC encoders from their specs (type {@value #TYPE}) and reads WAV files. */
    public static final class Factory extends ClipFactory {
        /** The {@link EncoderSpec#type()} of TarsosDSP MFCC encoders. */
        public static final String TYPE = "tarsos-mfcc";

        @Override
        public String type() {
            return TYPE;
        }

        /** @throws IllegalArgumentException if a setting is missing or invalid */
        @Override
        public TarsosMfccEncoder create(EncoderSpec spec) {
            return new TarsosMfccEncoder(spec.integer("sampleRate"), spec.integer("frameLength"), spec.integer("hop"),
                    spec.integer("coefficients"), spec.integer("melFilters"), (float) spec.real("lowHz"),
                    (float) spec.real("highHz"));
        }
    }
}
