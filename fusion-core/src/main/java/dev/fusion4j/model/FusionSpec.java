package dev.fusion4j.model;

import ai.djl.Device;
import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.fusion.FusionOperator;
import dev.fusion4j.internal.fusion.InputStatistics;
import dev.fusion4j.internal.fusion.InputTransform;
import dev.fusion4j.internal.fusion.ModalityDropout;
import dev.fusion4j.internal.fusion.ModalitySchema;
import dev.fusion4j.internal.io.StrictJson;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.train.SampleSource;
import dev.fusion4j.train.TrainingOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to build: the modalities with their widths (and optional {@link Trunk}s), the fusion
 * strategy, the head, modality dropout and the seed of the initial weights and of training.
 * Immutable and valid: {@link #builder()} checks every setting and their combination.
 *
 * <pre>{@code
 * FusionSpec spec = FusionSpec.builder()
 *         .modality(Modality.TEXT, 384)
 *         .modality(Modality.AUDIO, 40)
 *         .fusion(Fusion.intermediate().width(32).crossAttention(4, 2))
 *         .modalityDropout(0.3)
 *         .head(Head.classification("neg", "neu", "pos"))
 *         .seed(42)
 *         .build();
 * FusionModel model = spec.train(train, validation, TrainingOptions.defaults());
 * }</pre>
 *
 * <p>{@link #toJson()} and {@link #fromJson(String)} write and read a spec; a saved model's
 * {@code model.json} holds it too. Two specs are equal when they build the same model: trunks
 * compare by type and settings.
 */
public final class FusionSpec {
    /** The most parameters a model may have: 2^28 floats, 1 GiB. */
    public static final long MAX_PARAMETERS = 1L << 28;

    private final ModalitySchema schema;
    private final Map<Modality, Trunk> trunks;
    private final Map<Modality, String> encoders;
    private final Map<Modality, EncoderSpec> encoderSpecs;
    private final FusionStrategy strategy;
    private final Head head;
    private final Map<Modality, Double> modalityDropout;
    private final long seed;

    private FusionSpec(ModalitySchema schema, Map<Modality, Trunk> trunks, Map<Modality, String> encoders,
                       Map<Modality, EncoderSpec> encoderSpecs, FusionStrategy strategy, Head head,
                       Map<Modality, Double> modalityDropout, long seed) {
        this.schema = schema;
        this.trunks = Collections.unmodifiableMap(new LinkedHashMap<>(trunks));
        this.encoders = Collections.unmodifiableMap(new LinkedHashMap<>(encoders));
        this.encoderSpecs = Collections.unmodifiableMap(new LinkedHashMap<>(encoderSpecs));
        this.strategy = strategy;
        this.head = head;
        this.modalityDropout = Collections.unmodifiableMap(new LinkedHashMap<>(modalityDropout));
        this.seed = seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains a model of this spec from its seeded initial weights.
     *
     * @param validation may be empty (then no early stopping)
     * @throws dev.fusion4j.data.InvalidSampleException if a sample's features do not fit the spec
     *     (a modality it lacks, another width, vectors and sequences mixed in one modality)
     * @throws dev.fusion4j.data.InvalidLabelException if a sample lacks a label of the head's kind
     * @throws IllegalArgumentException if the training set is empty or no sample has one of the
     *     spec's modalities
     */
    public FusionModel train(List<MultimodalSample> train, List<MultimodalSample> validation,
                             TrainingOptions options) {
        return untrained().fit(train, validation, options);
    }

    /**
     * Trains a model of this spec on samples read pass after pass from {@code train}, for training
     * sets larger than the heap: see {@link FusionModel#fit(SampleSource, List, TrainingOptions)}.
     *
     * @param validation held in memory; may be empty (then no early stopping)
     */
    public FusionModel train(SampleSource train, List<MultimodalSample> validation, TrainingOptions options) {
        return untrained().fit(train, validation, options);
    }

    /**
     * A model with the seeded initial weights, never trained: it predicts and saves like a trained
     * one, for tests, benchmarks and baselines. The same spec gives the same weights.
     */
    public FusionModel untrained() {
        InputStatistics identity = InputStatistics.identity(schema);
        Map<String, float[]> initial = new LinkedHashMap<>();
        for (ParameterSpec p : parameters(identity)) {
            initial.put(p.name(), p.initialValues(seed));
        }
        return new FusionModel(this, identity, initial, Map.of(), Provenance.untrained(encoders), Device.cpu());
    }

    /** This spec as JSON, each setting under its name; {@link #fromJson} reads it back. */
    public String toJson() {
        return SpecCodec.write(this).toString();
    }

    /**
     * Reads a spec written by {@link #toJson()}, checking it as {@link Builder#build()} does.
     *
     * @throws ModelFormatException if {@code json} is not a spec's JSON or describes an invalid
     *     spec, naming the field, its value and its bounds
     */
    public static FusionSpec fromJson(String json) {
        return SpecCodec.read(StrictJson.parseObject(json, "the spec's JSON"), "spec", ReadLimits.ofSpec());
    }

    /** The widths the fusion operator sees: a trunk's output width for its modality. */
    ModalitySchema schema() {
        return schema;
    }

    /**
     * The modalities, in order, and the widths of their features in samples (a trunk's input
     * width for its modality).
     */
    public Map<Modality, Integer> inputWidths() {
        return inputSchema().widths();
    }

    ModalitySchema inputSchema() {
        Map<Modality, Integer> widths = new LinkedHashMap<>(schema.widths());
        trunks.forEach((modality, trunk) -> widths.put(modality, trunk.inputWidth()));
        return ModalitySchema.of(widths);
    }

    /** The modalities that pass through a trainable {@link Trunk}, and their trunks. */
    public Map<Modality, Trunk> trunks() {
        return trunks;
    }

    /** Per modality, the description of the encoder given to {@link Builder#modality(Modality, Encoder)}. */
    public Map<Modality, String> encoders() {
        return encoders;
    }

    /**
     * Per modality, the {@link Encoder#spec()} (without weights) of the encoder given to
     * {@link Builder#modality(Modality, Encoder)}, where it has one: the encoder whose features
     * the model takes, which a {@link FusionPipeline} insists on.
     */
    public Map<Modality, EncoderSpec> encoderSpecs() {
        return encoderSpecs;
    }

    /** This spec recording {@code spec} as the encoder of {@code modality} (one that records none). */
    FusionSpec recordingEncoder(Modality modality, EncoderSpec spec) {
        Map<Modality, EncoderSpec> specs = new LinkedHashMap<>(encoderSpecs);
        specs.put(modality, spec.withoutWeights());
        return new FusionSpec(schema, trunks, encoders, specs, strategy, head, modalityDropout, seed);
    }

    public FusionStrategy strategy() {
        return strategy;
    }

    public Head head() {
        return head;
    }

    /** Per-modality drop probabilities during training; empty without modality dropout. */
    public Map<Modality, Double> modalityDropout() {
        return modalityDropout;
    }

    public long seed() {
        return seed;
    }

    /** Every parameter of the model: the module's, then the trunks' (with their starting values). */
    List<ParameterSpec> parameters(InputStatistics statistics) {
        List<ParameterSpec> specs = new ArrayList<>(module(statistics).parameters());
        trunks.forEach((modality, trunk) -> specs.addAll(TrunkParameters.specs(modality, trunk, seed)));
        return specs;
    }

    /** The trainable module: transforms, fusion operator and (unless late) the output layer. */
    ModelModule module(InputStatistics statistics) {
        boolean late = strategy.isLate();
        FusionOperator operator = strategy.createOperator(schema, statistics, late ? head.lateFusionClasses() : 0);
        List<InputTransform> transforms = modalityDropout.isEmpty()
                ? List.of()
                : List.of(ModalityDropout.of(modalityDropout));
        return new ModelModule(transforms, operator, late ? OutputLayer.NONE : head.outputLayer(operator.outputWidth()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FusionSpec other && schema.equals(other.schema)
                && trunkSettings().equals(other.trunkSettings()) && encoders.equals(other.encoders)
                && encoderSpecs.equals(other.encoderSpecs)
                && strategy.equals(other.strategy) && head.equals(other.head)
                && modalityDropout.equals(other.modalityDropout) && seed == other.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, trunkSettings(), encoders, encoderSpecs, strategy, head, modalityDropout, seed);
    }

    /** The spec's JSON. */
    @Override
    public String toString() {
        return toJson();
    }

    /** What identifies each trunk: its type and settings. */
    private Map<Modality, List<Object>> trunkSettings() {
        Map<Modality, List<Object>> settings = new LinkedHashMap<>();
        trunks.forEach((modality, trunk) -> settings.put(modality, List.of(trunk.type(), trunk.settings())));
        return settings;
    }

    /** Collects settings; {@link #build()} checks the combination. */
    public static final class Builder {
        private final ModalitySchema.Builder schema = ModalitySchema.builder();
        private final Map<Modality, Integer> widths = new LinkedHashMap<>();
        private final Map<Modality, Trunk> trunks = new LinkedHashMap<>();
        private final Map<Modality, String> encoders = new LinkedHashMap<>();
        private final Map<Modality, EncoderSpec> encoderSpecs = new LinkedHashMap<>();
        private FusionStrategy strategy;
        private Head head;
        private double dropoutAll;
        private final Map<Modality, Double> dropout = new LinkedHashMap<>();
        private long seed = 42;

        private Builder() {
        }

        /** Adds a modality and its input width (the embedding size of its encoder). */
        public Builder modality(Modality modality, int width) {
            schema.add(modality, width);
            widths.put(modality, width);
            return this;
        }

        /**
         * Adds a modality whose raw inputs pass through a {@code trunk} trained with the model
         * (end-to-end fine-tuning): its samples carry {@link Trunk#inputWidth()} values per step.
         */
        public Builder modality(Modality modality, Trunk trunk) {
            modality(modality, trunk.outputWidth());
            trunks.put(modality, trunk);
            return this;
        }

        /**
         * Adds a modality whose width is that of its encoder, and records the encoder's
         * {@link Encoder#description()} in the spec and in the provenance of models trained from it,
         * and its {@link Encoder#spec()}, if it has one, in the spec ({@link #encoderSpecs()}).
         */
        public Builder modality(Modality modality, Encoder<?> encoder) {
            modality(modality, encoder.dim());
            encoder.spec().ifPresent(spec -> encoderSpec(modality, spec));
            return encoder(modality, encoder.description());
        }

        /** Records the description of the encoder of a modality just added (reading a spec). */
        Builder encoder(Modality modality, String description) {
            encoders.put(modality, Objects.requireNonNull(description, "description"));
            return this;
        }

        /** Records the spec of the encoder of a modality just added, without its weights. */
        Builder encoderSpec(Modality modality, EncoderSpec spec) {
            encoderSpecs.put(modality, spec.withoutWeights());
            return this;
        }

        public Builder fusion(FusionStrategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * Drops each modality with this probability in training (never all of a sample's at once).
         *
         * @throws IllegalArgumentException for a probability outside {@code [0, 1)} (NaN included)
         */
        public Builder modalityDropout(double probability) {
            this.dropoutAll = requireProbability(probability, "every modality");
            return this;
        }

        /**
         * Drops {@code modality} with this probability in training (overrides the common one).
         *
         * @throws IllegalArgumentException for a probability outside {@code [0, 1)} (NaN included)
         */
        public Builder modalityDropout(Modality modality, double probability) {
            Objects.requireNonNull(modality, "modality");
            dropout.put(modality, requireProbability(probability, "'" + modality + "'"));
            return this;
        }

        private static double requireProbability(double probability, String of) {
            if (!(probability >= 0 && probability < 1)) {
                throw new IllegalArgumentException("the modality dropout of " + of + " must be in [0, 1), got "
                        + probability);
            }
            return probability;
        }

        public Builder head(Head head) {
            this.head = Objects.requireNonNull(head, "head");
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @throws IllegalArgumentException if a setting is missing or the combination cannot work,
         *     saying what to change
         */
        public FusionSpec build() {
            if (widths.isEmpty()) {
                throw new IllegalArgumentException("add at least one modality: modality(Modality.TEXT, 384)");
            }
            if (strategy == null) {
                throw new IllegalArgumentException("choose a fusion: fusion(Fusion.early()), "
                        + "fusion(Fusion.intermediate()...) or fusion(Fusion.late()...)");
            }
            if (head == null) {
                throw new IllegalArgumentException("choose a head: head(Head.classification(...)), "
                        + "Head.multiLabel(...) or Head.regression(...)");
            }
            if (widths.size() < strategy.minimumModalities()) {
                throw new IllegalArgumentException("cross-modal attention needs at least 2 modalities, got "
                        + widths.keySet() + "; add one or use selfAttention");
            }
            if (strategy instanceof FusionStrategy.Late late && late.rule() == FusionStrategy.Rule.WEIGHTED
                    && late.weights().size() != widths.size()) {
                throw new IllegalArgumentException("weighted late fusion got " + late.weights().size()
                        + " weights for " + widths.size() + " modalities " + widths.keySet());
            }
            if (!trunks.isEmpty() && strategy.needsStatistics()) {
                throw new IllegalArgumentException("a trunk's features change while it trains, so statistics fitted "
                        + "before training cannot standardise them; use Fusion.early() without .standardised() with "
                        + "the trunks of " + trunks.keySet());
            }
            FusionSpec spec = new FusionSpec(schema.build(), trunks, encoders, encoderSpecs, strategy, head,
                    dropoutRates(), seed);
            long count = spec.parameters(InputStatistics.identity(spec.schema)).stream()
                    .mapToLong(ParameterSpec::elementCount).sum();
            if (count > MAX_PARAMETERS) {
                throw new IllegalArgumentException("this model would have " + count + " parameters, more than the "
                        + MAX_PARAMETERS + " a model may have; lower the widths " + widths + " or the fusion width, "
                        + "or choose a fusion whose size does not multiply across modalities (not tensor fusion)");
            }
            return spec;
        }

        /** Every modality's drop probability, or none without modality dropout. */
        private Map<Modality, Double> dropoutRates() {
            Map<Modality, Double> rates = new LinkedHashMap<>();
            if (dropoutAll > 0 || !dropout.isEmpty()) {
                if (widths.size() < 2) {
                    throw new IllegalArgumentException("modality dropout needs at least 2 modalities, got "
                            + widths.keySet());
                }
                widths.keySet().forEach(m -> rates.put(m, dropoutAll));
                dropout.forEach((m, p) -> {
                    if (!widths.containsKey(m)) {
                        throw new IllegalArgumentException("modality dropout set for '" + m
                                + "', which is not a modality of this model " + widths.keySet());
                    }
                    rates.put(m, p);
                });
            }
            return rates;
        }
    }
}
