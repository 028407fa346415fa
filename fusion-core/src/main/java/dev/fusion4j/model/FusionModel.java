package dev.fusion4j.model;

import ai.djl.Device;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.fusion.InputStatistics;
import dev.fusion4j.fusion.ModalitySchema;
import dev.fusion4j.internal.tensor.ParameterSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A multimodal fusion model: modalities, a fusion strategy, a head, and its parameters.
 *
 * <pre>{@code
 * FusionModel model = FusionModel.builder()
 *         .modality(Modality.TEXT, 384)
 *         .modality(Modality.AUDIO, 40)
 *         .fusion(Fusion.intermediate().width(32).crossAttention(4, 2))
 *         .modalityDropout(0.3)
 *         .head(Head.classification("neg", "neu", "pos"))
 *         .seed(42)
 *         .build();
 * FusionModel trained = model.fit(train, validation, TrainingOptions.defaults());
 * try (Predictor predictor = trained.newPredictor()) {
 *     Prediction p = predictor.predict(sample);
 * }
 * trained.save(Path.of("sentiment-model"));
 * }</pre>
 *
 * <p>Immutable: {@link #fit} returns a new model and leaves this one as it was. The same seed and
 * data give the same trained weights on the CPU. Thread-safe, and it holds no native memory: the
 * {@link Predictor}s made by {@link #newPredictor()} do, each until it is closed.
 */
public final class FusionModel {
    /** The most parameters a model may have: 2^28 floats, 1 GiB. */
    public static final long MAX_PARAMETERS = 1L << 28;

    private final ModelSpec spec;
    private final Device device;
    private final InputStatistics statistics;
    private final Map<String, float[]> parameters;
    private final List<EpochMetrics> history;
    private final Map<Modality, Boolean> sequenceInputs;
    private final boolean predicts;

    /**
     * @param sequenceInputs per modality, whether it was trained on sequences (true) or vectors
     *     (false); empty before training
     * @param predicts whether the model may predict, evaluate and be saved: trained, loaded, or
     *     built with {@link Builder#allowUntrained()}
     */
    FusionModel(ModelSpec spec, Device device, InputStatistics statistics, Map<String, float[]> parameters,
                List<EpochMetrics> history, Map<Modality, Boolean> sequenceInputs, boolean predicts) {
        this.spec = spec;
        this.device = device;
        this.statistics = statistics;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.history = List.copyOf(history);
        this.sequenceInputs = Collections.unmodifiableMap(new LinkedHashMap<>(sequenceInputs));
        this.predicts = predicts;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads a model saved by {@link #save(Path)}, checking its format version and checksums.
     *
     * @throws dev.fusion4j.model.ModelFormatException if the directory does not hold a valid model
     */
    public static FusionModel load(Path directory) {
        return ModelStore.load(directory, Device.cpu());
    }

    /** Loads a saved model onto {@code device}. */
    public static FusionModel load(Path directory, Device device) {
        return ModelStore.load(directory, device);
    }

    /**
     * Saves to {@code directory} (created if needed): {@code model.json} and a safetensors weight
     * file. The write is atomic: a crash leaves the previous model there, complete.
     */
    public void save(Path directory) {
        requireTrained("save");
        ModelStore.save(this, directory);
    }

    /**
     * Trains a copy of this model and returns it; this model is left unchanged.
     *
     * @param validation may be empty (then no early stopping)
     * @throws dev.fusion4j.data.InvalidSampleException if a sample's features do not fit the model
     *     (a modality it lacks, another width, vectors and sequences mixed in one modality)
     * @throws dev.fusion4j.data.InvalidLabelException if a sample lacks a label of the head's kind
     * @throws IllegalArgumentException if the training set is empty or no sample has one of the
     *     model's modalities
     */
    public FusionModel fit(List<MultimodalSample> train, List<MultimodalSample> validation, TrainingOptions options) {
        return fitCopy(train, validation, options);
    }

    private FusionModel fitCopy(List<MultimodalSample> train, List<MultimodalSample> validation,
                                TrainingOptions options) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("the training set is empty");
        }
        SampleCheck check = check();
        check.requireFeatures(train, "training");
        check.requireLabels(train, "training");
        Map<Modality, Boolean> layouts = check.trainingLayouts(train);
        SampleCheck trained = new SampleCheck(spec.inputSchema(), layouts, spec.head());
        trained.requireFeatures(validation, "validation");
        trained.requireLabels(validation, "validation");
        Objective objective = new Objective(spec.head(), spec.strategy().isLate(), classWeights(train, options),
                options.regressionLoss());
        InputStatistics fitted = spec.strategy().needsStatistics()
                ? InputStatistics.fit(train, spec.schema())
                : statistics;
        ModelModule module = spec.module(fitted);
        Map<String, float[]> initial = new LinkedHashMap<>();
        for (ParameterSpec p : module.parameters()) {
            initial.put(p.name(), p.trainable() ? parameters.get(p.name()) : p.initialValues(spec.seed()));
        }
        parameters.forEach((name, values) -> {
            if (TrunkParameters.belongsToTrunk(name)) {
                initial.put(name, values);   // weights and batch-norm statistics go on
            }
        });
        FusionTrainer.Result result = new FusionTrainer(spec, module, options, objective, device)
                .train(initial, train, validation);
        List<EpochMetrics> all = new ArrayList<>(history);
        all.addAll(result.history());
        return new FusionModel(spec, device, fitted, result.parameters(), all, layouts, true);
    }

    /**
     * A predictor on DJL, on the model's device; close it when done.
     *
     * @throws IllegalStateException if the model was never trained (see {@link Builder#allowUntrained()})
     */
    public Predictor newPredictor() {
        return newPredictor(Backend.DJL);
    }

    /**
     * A predictor on {@code backend}; close it when done. Predictors are independent: each loads
     * the parameters into its own native memory.
     *
     * @throws UnsupportedOperationException for {@link Backend#ND4J} if the model has a
     *     {@link Trunk}, which runs on DJL only
     * @throws IllegalStateException if the model was never trained (see {@link Builder#allowUntrained()})
     */
    public Predictor newPredictor(Backend backend) {
        Objects.requireNonNull(backend, "backend");
        if (backend == Backend.ND4J && !spec.trunks().isEmpty()) {
            throw new UnsupportedOperationException("the trunks of " + spec.trunks().keySet()
                    + " are DJL networks; serve this model with newPredictor() on DJL");
        }
        requireTrained(backend == Backend.DJL ? "predict with" : "serve on ND4J");
        ModelModule module = spec.module(statistics);
        return backend == Backend.DJL
                ? new DjlPredictor(spec, check(), module, parameters, device)
                : new Nd4jPredictor(spec, check(), module, parameters);
    }

    /**
     * Metrics of this model's predictions on labelled samples, from a DJL predictor opened and
     * closed for the call (open one with {@link #newPredictor()} to evaluate repeatedly).
     *
     * @throws dev.fusion4j.data.InvalidLabelException if a sample's label does not fit the head
     * @throws IllegalStateException if the model was never trained
     */
    public Evaluation evaluate(List<MultimodalSample> samples) {
        try (Predictor predictor = newPredictor()) {
            return predictor.evaluate(samples);
        }
    }

    private SampleCheck check() {
        return new SampleCheck(spec.inputSchema(), sequenceInputs, spec.head());
    }

    private void requireTrained(String action) {
        if (!predicts) {
            throw new IllegalStateException("cannot " + action + " a model that was never trained: its weights are "
                    + "random; call fit(...) first, or build it with allowUntrained() if that is what you want");
        }
    }

    /** The modalities and the widths of their features in samples (a trunk's input width). */
    public ModalitySchema schema() {
        return spec.inputSchema();
    }

    /** The modalities that pass through a trainable {@link Trunk}, and their trunks. */
    public Map<Modality, Trunk> trunks() {
        return spec.trunks();
    }

    public FusionStrategy strategy() {
        return spec.strategy();
    }

    public Head head() {
        return spec.head();
    }

    public long seed() {
        return spec.seed();
    }

    /** Per-modality drop probabilities during training. */
    public Map<Modality, Double> modalityDropout() {
        return spec.modalityDropout();
    }

    /** The metrics of every epoch this model was trained for, oldest first. */
    public List<EpochMetrics> history() {
        return history;
    }

    /** A copy of every parameter's values by name. */
    public Map<String, float[]> parameters() {
        Map<String, float[]> copy = new LinkedHashMap<>();
        parameters.forEach((name, values) -> copy.put(name, values.clone()));
        return copy;
    }

    ModelSpec spec() {
        return spec;
    }

    InputStatistics statistics() {
        return statistics;
    }

    /** Per modality, whether the model was trained on sequences (true) or vectors (false). */
    Map<Modality, Boolean> sequenceInputs() {
        return sequenceInputs;
    }

    Map<String, float[]> parameterView() {
        return parameters;
    }

    private static double[] classWeights(List<MultimodalSample> train, TrainingOptions options) {
        if (!options.classWeights().isEmpty()) {
            return options.classWeights().stream().mapToDouble(Double::doubleValue).toArray();
        }
        if (!options.balancedClassWeights()) {
            return null;
        }
        int classes = 0;
        for (MultimodalSample s : train) {
            classes = Math.max(classes, s.label().orElseThrow().classIndex() + 1);
        }
        double[] counts = new double[classes];
        train.forEach(s -> counts[s.label().orElseThrow().classIndex()]++);
        double[] weights = new double[classes];
        for (int c = 0; c < classes; c++) {
            weights[c] = counts[c] == 0 ? 1 : train.size() / (classes * counts[c]);
        }
        return weights;
    }

    /** Configures a model; {@link #build()} checks the combination and initialises the parameters. */
    public static final class Builder {
        private final ModalitySchema.Builder schema = ModalitySchema.builder();
        private final Map<Modality, Integer> widths = new LinkedHashMap<>();
        private final Map<Modality, Trunk> trunks = new LinkedHashMap<>();
        private FusionStrategy strategy;
        private Head head;
        private double dropoutAll;
        private final Map<Modality, Double> dropout = new LinkedHashMap<>();
        private Device device = Device.cpu();
        private long seed = 42;
        private boolean allowUntrained;

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

        /** Adds a modality whose width is that of its encoder. */
        public Builder modality(Modality modality, dev.fusion4j.data.Encoder<?> encoder) {
            return modality(modality, encoder.dim());
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

        /** The device for training and DJL inference (default CPU); see {@code DjlBackend.defaultDevice()}. */
        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Lets the built model predict, evaluate and be saved before {@link #fit} — with its random
         * initial weights, for tests, benchmarks and baselines. Without it those calls refuse.
         */
        public Builder allowUntrained() {
            this.allowUntrained = true;
            return this;
        }

        /**
         * @throws IllegalArgumentException if a setting is missing or the combination cannot work,
         *     saying what to change
         */
        public FusionModel build() {
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
            if (strategy.isLate() && head.kind() != Head.Kind.CLASSIFICATION) {
                throw new IllegalArgumentException("late fusion combines class probabilities, so it needs "
                        + "Head.classification(...); for a " + head.kind() + " head use early or intermediate fusion");
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
            ModelSpec spec = new ModelSpec(schema.build(), trunks, strategy, head, rates, seed);
            InputStatistics identity = InputStatistics.identity(spec.schema());
            List<ParameterSpec> specs = spec.parameters(identity);
            long count = specs.stream().mapToLong(ParameterSpec::elementCount).sum();
            if (count > MAX_PARAMETERS) {
                throw new IllegalArgumentException("this model would have " + count + " parameters, more than the "
                        + MAX_PARAMETERS + " a model may have; lower the widths " + widths + " or the fusion width, "
                        + "or choose a fusion whose size does not multiply across modalities (not tensor fusion)");
            }
            Map<String, float[]> initial = new LinkedHashMap<>();
            for (ParameterSpec p : specs) {
                initial.put(p.name(), p.initialValues(seed));
            }
            return new FusionModel(spec, device, identity, initial, List.of(), Map.of(), allowUntrained);
        }
    }
}
