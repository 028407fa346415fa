package dev.fusion4j.audio;

import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audio → MFCC (or log-mel) frames {@code [T, d]} with the time of each frame's centre, or their
 * pooled mean and standard deviation {@code [2d]}. Clips at another rate than the configuration's
 * are resampled first, logged at INFO once per source rate (logger
 * {@code dev.fusion4j.audio.MfccAudioEncoder}), or refused where {@link MfccConfig#resamples()} is
 * false.
 *
 * <pre>{@code
 * MfccAudioEncoder mfcc = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).deltas(2).build();
 * Features frames = mfcc.encode(WavDecoder.decode(Path.of("word.wav")));   // [T, 39], timestamped
 * }</pre>
 *
 * <p>Deltas follow {@code torchaudio.functional.compute_deltas} (window 5, edges replicated):
 * {@code d_t = Σ_{n=1..2} n (c_{t+n} - c_{t-n}) / 10}. Per-utterance normalisation subtracts each
 * coefficient's mean and divides by its standard deviation. Its {@link #spec()} holds the whole
 * {@link MfccConfig} and these settings; {@link Factory} rebuilds it. Thread-safe; its settings are
 * immutable (it only remembers which rates it has logged).
 */
public final class MfccAudioEncoder implements Encoder<AudioClip> {
    private static final Logger LOG = LoggerFactory.getLogger(MfccAudioEncoder.class);

    /** What each frame holds. */
    public enum Output { MFCC, LOG_MEL }

    private final MfccConfig config;
    private final MelAnalysis analysis;
    private final Output output;
    private final int deltas;
    private final boolean normalise;
    private final boolean pooled;
    private final EncoderSpec spec;
    /** The source rates already logged as resampled. */
    private final Set<Integer> resampledRates = ConcurrentHashMap.newKeySet();

    private MfccAudioEncoder(Builder b) {
        this.config = b.config;
        this.analysis = new MelAnalysis(b.config);
        this.output = b.output;
        this.deltas = b.deltas;
        this.normalise = b.normalise;
        this.pooled = b.pooled;
        Map<String, String> settings = new LinkedHashMap<>(config.settings());
        settings.put("output", output.name());
        settings.put("deltas", Integer.toString(deltas));
        settings.put("normalise", Boolean.toString(normalise));
        settings.put("pooled", Boolean.toString(pooled));
        this.spec = EncoderSpec.of(Factory.TYPE, settings);
    }

    public static Builder builder() {
        return new Builder();
    }

    public MfccConfig config() {
        return config;
    }

    /** The whole configuration and the settings of the builder: what {@link Factory} rebuilds it from. */
    @Override
    public Optional<EncoderSpec> spec() {
        return Optional.of(spec);
    }

    /** Values per frame (or twice that, pooled). */
    @Override
    public int dim() {
        int base = output == Output.MFCC ? config.nMfcc : config.nMels;
        return base * (1 + deltas) * (pooled ? 2 : 1);
    }

    /**
     * @throws AudioFormatException if the clip is shorter than one frame
     */
    @Override
    public Features encode(AudioClip clip) {
        double[][] frames = frames(clip);
        if (pooled) {
            return Features.vector(meanAndStd(frames));
        }
        return timestamped(frames, 0);
    }

    /** Frames as a sequence timestamped at their centres, shifted by {@code offsetSeconds}. */
    private Features timestamped(double[][] frames, double offsetSeconds) {
        float[][] rows = new float[frames.length][];
        double[] times = new double[frames.length];
        for (int t = 0; t < frames.length; t++) {
            rows[t] = toFloat(frames[t]);
            times[t] = offsetSeconds + analysis.frameTime(t);
        }
        return Features.sequence(rows).withTimestamps(times);
    }

    /** MFCC or log-mel frames of samples at the configured rate, before deltas. */
    private double[][] baseFrames(float[] samples) {
        double[][] logMel = analysis.logMel(samples);
        return output == Output.MFCC ? analysis.cepstra(logMel) : logMel;
    }

    /**
     * The frames {@code [T][d]} before pooling, in double precision.
     *
     * @throws AudioFormatException if the clip is too short, or at another rate and the configuration
     *     does not resample
     */
    public double[][] frames(AudioClip clip) {
        Objects.requireNonNull(clip, "clip");
        double[][] out = withDeltas(baseFrames(atConfiguredRate(clip).samples()));
        if (normalise) {
            normalise(out);
        }
        return out;
    }

    private AudioClip atConfiguredRate(AudioClip clip) {
        int rate = clip.sampleRate();
        if (rate != config.sampleRate) {
            if (!config.resample) {
                throw new AudioFormatException("the clip is at " + rate + " Hz and this MFCC configuration analyses "
                        + config.sampleRate + " Hz without resampling (MfccConfig.Builder.resample(true) allows it)");
            }
            if (resampledRates.add(rate)) {
                LOG.info("resampling {} Hz clips to {} Hz before MFCC analysis (logged once per rate; "
                        + "MfccConfig.Builder.resample(false) refuses them instead)", rate, config.sampleRate);
            }
        }
        return clip.resample(config.sampleRate);
    }

    /**
     * Encodes a WAV stream of any length in bounded memory: frames are computed chunk by chunk
     * (about {@code chunkSeconds} of audio each) and handed to {@code sink} with their timestamps,
     * equal to encoding the whole clip. Needs a Kaldi-style configuration (framing
     * {@code SNIP_EDGES}, no {@code topDb} clamp, which would need the whole clip's maximum), frames
     * (not pooled) without deltas or normalisation, and a stream at the configured rate.
     *
     * @return the number of frames produced
     * @throws IllegalStateException if this encoder's settings cannot stream
     */
    public long stream(InputStream wav, double chunkSeconds, Consumer<Features> sink) {
        if (config.framing != MfccConfig.Framing.SNIP_EDGES || (config.compression == MfccConfig.Compression.DB
                && config.topDb > 0) || deltas > 0 || normalise || pooled) {
            throw new IllegalStateException("streaming needs SNIP_EDGES framing, no topDb clamp, and frames without "
                    + "deltas, normalisation or pooling (e.g. MfccConfig.kaldi())");
        }
        try (WavStream in = WavStream.open(wav)) {
            if (in.sampleRate() != config.sampleRate) {
                throw new AudioFormatException("stream is at " + in.sampleRate() + " Hz, the encoder expects "
                        + config.sampleRate + " Hz");
            }
            int chunk = Math.max(config.frameLength, (int) (chunkSeconds * config.sampleRate) / config.hop * config.hop);
            float[] pending = new float[0];
            long consumed = 0;
            long frames = 0;
            while (true) {
                float[] block = in.read(chunk);
                if (block.length == 0) {
                    return frames;
                }
                float[] buffer = java.util.Arrays.copyOf(pending, pending.length + block.length);
                System.arraycopy(block, 0, buffer, pending.length, block.length);
                int count = analysis.frameCount(buffer.length);
                if (count > 0) {
                    sink.accept(timestamped(baseFrames(buffer), consumed / (double) config.sampleRate));
                    frames += count;
                    int used = count * config.hop;
                    consumed += used;
                    pending = java.util.Arrays.copyOfRange(buffer, used, buffer.length);
                } else {
                    pending = buffer;
                }
            }
        }
    }

    /** The number of frames a clip of {@code samples} samples at the configured rate gives. */
    public int frameCount(int samples) {
        return analysis.frameCount(samples);
    }

    private double[][] withDeltas(double[][] base) {
        if (deltas == 0) {
            return base;
        }
        double[][] first = delta(base);
        double[][] second = deltas == 2 ? delta(first) : null;
        int d = base[0].length;
        double[][] out = new double[base.length][d * (1 + deltas)];
        for (int t = 0; t < base.length; t++) {
            System.arraycopy(base[t], 0, out[t], 0, d);
            System.arraycopy(first[t], 0, out[t], d, d);
            if (second != null) {
                System.arraycopy(second[t], 0, out[t], 2 * d, d);
            }
        }
        return out;
    }

    static double[][] delta(double[][] x) {
        int frames = x.length;
        int d = x[0].length;
        double[][] out = new double[frames][d];
        for (int t = 0; t < frames; t++) {
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int n = 1; n <= 2; n++) {
                    sum += n * (x[Math.min(frames - 1, t + n)][j] - x[Math.max(0, t - n)][j]);
                }
                out[t][j] = sum / 10;
            }
        }
        return out;
    }

    private static void normalise(double[][] x) {
        double[][] stats = columnMeanAndStd(x);
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (row[j] - stats[0][j]) / Math.max(1e-8, stats[1][j]);
            }
        }
    }

    private static float[] meanAndStd(double[][] x) {
        double[][] stats = columnMeanAndStd(x);
        int d = x[0].length;
        float[] out = new float[2 * d];
        for (int j = 0; j < d; j++) {
            out[j] = (float) stats[0][j];
            out[d + j] = (float) stats[1][j];
        }
        return out;
    }

    /** Per column: the mean and the population standard deviation over rows. */
    private static double[][] columnMeanAndStd(double[][] x) {
        int d = x[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            for (double[] row : x) {
                mean[j] += row[j] / x.length;
            }
            for (double[] row : x) {
                std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
            }
            std[j] = Math.sqrt(std[j]);
        }
        return new double[][] {mean, std};
    }

    private static float[] toFloat(double[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    /** Rebuilds MFCC encoders from their specs (type {@value #TYPE}) and reads clips from WAV files. */
    public static final class Factory extends ClipFactory {
        /** The {@link EncoderSpec#type()} of MFCC encoders. */
        public static final String TYPE = "mfcc";

        /** The factory {@link java.util.ServiceLoader} makes. */
        public Factory() {
            // no state
        }

        @Override
        public String type() {
            return TYPE;
        }

        /** @throws IllegalArgumentException if a setting is missing or invalid */
        @Override
        public MfccAudioEncoder create(EncoderSpec spec) {
            return builder().config(MfccConfig.of(spec)).output(spec.constant(Output.class, "output"))
                    .deltas(spec.integer("deltas")).normalise(spec.bool("normalise")).pooled(spec.bool("pooled"))
                    .build();
        }
    }

    /** Settings; the defaults are torchaudio's MFCC frames, no deltas, no normalisation. */
    public static final class Builder {
        private MfccConfig config = MfccConfig.torchaudio();
        private Output output = Output.MFCC;
        private int deltas;
        private boolean normalise;
        private boolean pooled;

        private Builder() {
        }

        public Builder config(MfccConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder output(Output output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /** 0 (none), 1 (deltas) or 2 (deltas and delta-deltas), appended to each frame. */
        public Builder deltas(int order) {
            if (order < 0 || order > 2) {
                throw new IllegalArgumentException("delta order must be 0, 1 or 2, got " + order);
            }
            this.deltas = order;
            return this;
        }

        /** Per-utterance mean and variance normalisation of each coefficient. */
        public Builder normalise(boolean normalise) {
            this.normalise = normalise;
            return this;
        }

        /** Encode to the mean and standard deviation over frames instead of the frames. */
        public Builder pooled(boolean pooled) {
            this.pooled = pooled;
            return this;
        }

        public MfccAudioEncoder build() {
            return new MfccAudioEncoder(this);
        }
    }
}
