package dev.fusion4j.audio;

import dev.fusion4j.data.EncoderSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every parameter of the MFCC / log-mel pipeline, explicit. Immutable; {@link #torchaudio()}
 * equals {@code torchaudio.transforms.MFCC()(waveform)} and {@link #kaldi()} equals
 * {@code torchaudio.compliance.kaldi.mfcc(waveform * 32768)}, Kaldi's {@code compute-mfcc-feats}
 * on 16-bit samples, both with their defaults; {@link #toBuilder()} derives variants.
 *
 * <p>Pipeline: resampling to {@link #sampleRate()} (or refusal, see {@link Builder#resample}) →
 * scaling by {@link #inputScale()} → framing (centred with reflect padding, or Kaldi's "snip
 * edges") → optional DC removal and pre-emphasis per frame → window → zero-pad to {@code nFft} →
 * FFT → power or magnitude → mel filters → log (natural, floored) or dB ({@code 10 log10}, floored at 1e-10,
 * optionally clipped {@code topDb} below the maximum) → orthonormal DCT-II → liftering.
 */
public final class MfccConfig {
    /** How frames are cut from the signal. */
    public enum Framing {
        /** Frame i is centred on sample {@code i · hop}; the signal is reflect-padded by nFft/2 (torchaudio). */
        CENTER,
        /** Only whole frames inside the signal; frame i starts at {@code i · hop} (Kaldi's snip_edges). */
        SNIP_EDGES
    }

    /** How mel energies are compressed. */
    public enum Compression {
        /** {@code ln(max(e, 1.19e-7))} (Kaldi). */
        LOG,
        /** {@code 10 log10(max(e, 1e-10))}, then clipped at {@code max - topDb} (torchaudio). */
        DB
    }

    /** The shape of the mel filters. */
    public enum Filters {
        /** torchaudio's melscale_fbanks (linear interpolation in Hz). */
        TORCHAUDIO,
        /** Kaldi's mel-domain triangles. */
        KALDI
    }

    /** The input scale of Kaldi's tools, which read 16-bit samples as integers: clips in [-1, 1] × 32768. */
    public static final double INT16_SCALE = 32_768;

    final int sampleRate;
    final boolean resample;
    final double inputScale;
    final int frameLength;
    final int hop;
    final int nFft;
    final Window window;
    final Framing framing;
    final boolean removeDc;
    final double preemphasis;
    final boolean power;
    final Filters filters;
    final int nMels;
    final double fMin;
    final double fMax;
    final MelScale melScale;
    final boolean slaneyNorm;
    final Compression compression;
    final double topDb;
    final int nMfcc;
    final double lifter;

    private MfccConfig(Builder b) {
        this.sampleRate = b.sampleRate;
        this.resample = b.resample;
        this.inputScale = b.inputScale;
        this.frameLength = b.frameLength;
        this.hop = b.hop;
        this.nFft = b.nFft;
        this.window = b.window;
        this.framing = b.framing;
        this.removeDc = b.removeDc;
        this.preemphasis = b.preemphasis;
        this.power = b.power;
        this.filters = b.filters;
        this.nMels = b.nMels;
        this.fMin = b.fMin;
        this.fMax = b.fMax;
        this.melScale = b.melScale;
        this.slaneyNorm = b.slaneyNorm;
        this.compression = b.compression;
        this.topDb = b.topDb;
        this.nMfcc = b.nMfcc;
        this.lifter = b.lifter;
    }

    /**
     * {@code torchaudio.transforms.MFCC()(waveform)} with its defaults, on samples in [-1, 1] as
     * {@code torchaudio.load} returns them (input scale 1): 16 kHz, n_fft 400, hop 200, periodic Hann,
     * centred with reflect padding, power spectrum, 128 HTK mel bands 0–8000 Hz, dB with top_db 80,
     * 40 coefficients, orthonormal DCT, no liftering. Clips at another rate are resampled (logged).
     */
    public static MfccConfig torchaudio() {
        return new Builder().build();
    }

    /**
     * Kaldi's MFCC: {@code torchaudio.compliance.kaldi.mfcc(waveform * 32768)} with its defaults,
     * which are Kaldi's {@code compute-mfcc-feats --dither=0 --use-energy=false} on a 16-bit WAV:
     * samples at int16 scale ({@link #INT16_SCALE}), 16 kHz, 25 ms frames every 10 ms, snip edges, DC
     * removal, pre-emphasis 0.97, Povey window, FFT of 512, power spectrum, 23 Kaldi mel bands
     * 20–8000 Hz, natural log floored at 1.19e-7, 13 coefficients, liftering 22. Clips at another
     * rate are resampled (logged), where Kaldi needs {@code --allow-upsample} / {@code --allow-downsample}.
     */
    public static MfccConfig kaldi() {
        return new Builder().inputScale(INT16_SCALE).frameLength(400).hop(160).nFft(512).window(Window.POVEY)
                .framing(Framing.SNIP_EDGES).removeDc(true).preemphasis(0.97).filters(Filters.KALDI).nMels(23).fMin(20).fMax(8000)
                .compression(Compression.LOG).topDb(0).nMfcc(13).lifter(22).build();
    }

    /**
     * Every parameter by name, exactly ({@code Double.toString} round-trips): an encoder's spec
     * holds them, {@link #of(EncoderSpec)} reads them back.
     */
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("sampleRate", Integer.toString(sampleRate));
        s.put("resample", Boolean.toString(resample));
        s.put("inputScale", Double.toString(inputScale));
        s.put("frameLength", Integer.toString(frameLength));
        s.put("hop", Integer.toString(hop));
        s.put("nFft", Integer.toString(nFft));
        s.put("window", window.name());
        s.put("framing", framing.name());
        s.put("removeDc", Boolean.toString(removeDc));
        s.put("preemphasis", Double.toString(preemphasis));
        s.put("power", Boolean.toString(power));
        s.put("filters", filters.name());
        s.put("nMels", Integer.toString(nMels));
        s.put("fMin", Double.toString(fMin));
        s.put("fMax", Double.toString(fMax));
        s.put("melScale", melScale.name());
        s.put("slaneyNorm", Boolean.toString(slaneyNorm));
        s.put("compression", compression.name());
        s.put("topDb", Double.toString(topDb));
        s.put("nMfcc", Integer.toString(nMfcc));
        s.put("lifter", Double.toString(lifter));
        return s;
    }

    /**
     * The configuration whose {@link #settings()} {@code s} holds (other settings are ignored).
     *
     * @throws IllegalArgumentException naming a setting that is missing or not a valid value, or
     *     the first inconsistent one
     */
    static MfccConfig of(EncoderSpec s) {
        return new Builder().sampleRate(s.integer("sampleRate")).resample(s.bool("resample"))
                .inputScale(s.real("inputScale")).frameLength(s.integer("frameLength")).hop(s.integer("hop"))
                .nFft(s.integer("nFft")).window(s.constant(Window.class, "window"))
                .framing(s.constant(Framing.class, "framing")).removeDc(s.bool("removeDc"))
                .preemphasis(s.real("preemphasis")).power(s.bool("power"))
                .filters(s.constant(Filters.class, "filters")).nMels(s.integer("nMels")).fMin(s.real("fMin"))
                .fMax(s.real("fMax")).melScale(s.constant(MelScale.class, "melScale"))
                .slaneyNorm(s.bool("slaneyNorm")).compression(s.constant(Compression.class, "compression"))
                .topDb(s.real("topDb")).nMfcc(s.integer("nMfcc")).lifter(s.real("lifter")).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.sampleRate = sampleRate;
        b.resample = resample;
        b.inputScale = inputScale;
        b.frameLength = frameLength;
        b.hop = hop;
        b.nFft = nFft;
        b.window = window;
        b.framing = framing;
        b.removeDc = removeDc;
        b.preemphasis = preemphasis;
        b.power = power;
        b.filters = filters;
        b.nMels = nMels;
        b.fMin = fMin;
        b.fMax = fMax;
        b.melScale = melScale;
        b.slaneyNorm = slaneyNorm;
        b.compression = compression;
        b.topDb = topDb;
        b.nMfcc = nMfcc;
        b.lifter = lifter;
        return b;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Whether clips at another rate are resampled to {@link #sampleRate()} (true) or refused (false). */
    public boolean resamples() {
        return resample;
    }

    /** The factor samples are multiplied by before analysis: 1 (torchaudio) or {@link #INT16_SCALE} (Kaldi). */
    public double inputScale() {
        return inputScale;
    }

    public int hop() {
        return hop;
    }

    public int frameLength() {
        return frameLength;
    }

    public int nMfcc() {
        return nMfcc;
    }

    public int nMels() {
        return nMels;
    }

    /** Settings, starting from the torchaudio defaults. */
    public static final class Builder {
        private int sampleRate = 16_000;
        private boolean resample = true;
        private double inputScale = 1;
        private int frameLength = 400;
        private int hop = 200;
        private int nFft = 400;
        private Window window = Window.HANN;
        private Framing framing = Framing.CENTER;
        private boolean removeDc;
        private double preemphasis;
        private boolean power = true;
        private Filters filters = Filters.TORCHAUDIO;
        private int nMels = 128;
        private double fMin;
        private double fMax = 8000;
        private MelScale melScale = MelScale.HTK;
        private boolean slaneyNorm;
        private Compression compression = Compression.DB;
        private double topDb = 80;
        private int nMfcc = 40;
        private double lifter;

        private Builder() {
        }

        /** The rate clips are resampled to before analysis. */
        public Builder sampleRate(int sampleRate) {
            this.sampleRate = sampleRate;
            return this;
        }

        /**
         * What to do with a clip at another rate than {@link #sampleRate(int)}: resample it with
         * {@link Resampler} (true, the default; the encoder logs it at INFO once per source rate), or
         * refuse it with an {@link AudioFormatException} (false, as Kaldi's tools do by default).
         */
        public Builder resample(boolean resample) {
            this.resample = resample;
            return this;
        }

        /**
         * The factor samples are multiplied by before analysis: 1 (the default) analyses clips in
         * [-1, 1] as torchaudio loads them; {@link #INT16_SCALE} analyses them as Kaldi reads a
         * 16-bit WAV. It matters where the log floor or the energy floor is reached, and shifts c0.
         */
        public Builder inputScale(double scale) {
            this.inputScale = scale;
            return this;
        }

        /** Window length in samples. */
        public Builder frameLength(int samples) {
            this.frameLength = samples;
            return this;
        }

        /** Window length in milliseconds at the configured sample rate. */
        public Builder frameMillis(double millis) {
            return frameLength((int) (sampleRate * millis / 1000));
        }

        /** Hop in samples. */
        public Builder hop(int samples) {
            this.hop = samples;
            return this;
        }

        /** Hop in milliseconds at the configured sample rate. */
        public Builder hopMillis(double millis) {
            return hop((int) (sampleRate * millis / 1000));
        }

        public Builder nFft(int nFft) {
            this.nFft = nFft;
            return this;
        }

        public Builder window(Window window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        public Builder framing(Framing framing) {
            this.framing = Objects.requireNonNull(framing, "framing");
            return this;
        }

        public Builder removeDc(boolean removeDc) {
            this.removeDc = removeDc;
            return this;
        }

        /** Pre-emphasis coefficient per frame ({@code x[n] - c x[n-1]}); 0 disables it. */
        public Builder preemphasis(double coefficient) {
            this.preemphasis = coefficient;
            return this;
        }

        /** Power spectrum (true, the default) or magnitude spectrum (false). */
        public Builder power(boolean power) {
            this.power = power;
            return this;
        }

        public Builder filters(Filters filters) {
            this.filters = Objects.requireNonNull(filters, "filters");
            return this;
        }

        public Builder nMels(int nMels) {
            this.nMels = nMels;
            return this;
        }

        public Builder fMin(double hz) {
            this.fMin = hz;
            return this;
        }

        public Builder fMax(double hz) {
            this.fMax = hz;
            return this;
        }

        public Builder melScale(MelScale scale) {
            this.melScale = Objects.requireNonNull(scale, "scale");
            return this;
        }

        /** Slaney area normalisation of the filters (torchaudio's {@code norm="slaney"}). */
        public Builder slaneyNorm(boolean slaneyNorm) {
            this.slaneyNorm = slaneyNorm;
            return this;
        }

        public Builder compression(Compression compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        /** dB range kept below the clip's maximum; 0 keeps everything. */
        public Builder topDb(double topDb) {
            this.topDb = topDb;
            return this;
        }

        public Builder nMfcc(int nMfcc) {
            this.nMfcc = nMfcc;
            return this;
        }

        /** Cepstral liftering {@code 1 + L/2 sin(π n / L)}; 0 disables it. */
        public Builder lifter(double lifter) {
            this.lifter = lifter;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first inconsistent setting
         */
        public MfccConfig build() {
            require(sampleRate > 0, "sample rate must be > 0, got " + sampleRate);
            require(inputScale > 0 && Double.isFinite(inputScale), "input scale must be finite and > 0, got " + inputScale);
            require(frameLength > 0 && hop > 0, "frame length and hop must be > 0, got " + frameLength + ", " + hop);
            require(nFft >= frameLength, "nFft " + nFft + " must be ≥ the frame length " + frameLength);
            require(nMels > 0 && nMfcc > 0 && nMfcc <= nMels, "need 0 < nMfcc ≤ nMels, got " + nMfcc + ", " + nMels);
            require(fMin >= 0 && fMax > fMin && fMax <= sampleRate / 2.0,
                    "need 0 ≤ fMin < fMax ≤ sampleRate/2, got " + fMin + ", " + fMax);
            require(topDb >= 0 && lifter >= 0 && preemphasis >= 0 && preemphasis < 1,
                    "topDb and lifter must be ≥ 0 and pre-emphasis in [0, 1)");
            return new MfccConfig(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
