package dev.fusion4j.model;

import ai.djl.Device;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalBatch;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.fusion.InputStatistics;
import dev.fusion4j.fusion.ModalitySchema;
import dev.fusion4j.tensor.ParameterSpec;
import dev.fusion4j.tensor.nd4j.Nd4jModuleRunner;
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
 * Prediction p = trained.predict(sample);
 * trained.save(Path.of("sentiment-model"));
 * }</pre>
 *
 * <p>Immutable: {@link #fit} returns a new model and leaves this one as it was. The same seed and
 * data give the same trained weights on the CPU. Thread-safe: share one model between threads;
 * its DJL parameters are loaded once, on first prediction, and freed by {@link #close()}.
 */
public final class FusionModel implements Predictor, AutoCloseable {
    private static final int PREDICTION_CHUNK = 256;

    private final ModelSpec spec;
    private final Device device;
    private final InputStatistics statistics;
    private final Map<String, float[]> parameters;
    private final List<EpochMetrics> history;
    private DjlInference inference;
    private Nd4jModuleRunner nd4j;
    private boolean closed;

    FusionModel(ModelSpec spec, Device device, InputStatistics statistics, Map<String, float[]> parameters,
                List<EpochMetrics> history) {
        this.spec = spec;
        this.device = device;
        this.statistics = statistics;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.history = List.copyOf(history);
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
        ModelStore.save(this, directory);
    }

    /**
     * Trains a copy of this model and returns it; this model is left unchanged.
     *
     * @param validation may be empty (then no early stopping)
     * @throws dev.fusion4j.FusionException if a sample lacks a label of the head's kind
     */
    public FusionModel fit(List<MultimodalSample> train, List<MultimodalSample> validation, TrainingOptions options) {
        requireOpen();
        if (train.isEmpty()) {
            throw new IllegalArgumentException("the training set is empty");
        }
        Objective objective = new Objective(spec.head(), spec.strategy().isLate(), classWeights(train, options),
                options.regressionLoss());
        objective.requireLabels(train, "training");
        objective.requireLabels(validation, "validation");
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
        return new FusionModel(spec, device, fitted, result.parameters(), all);
    }

    @Override
    public List<Prediction> predictAll(List<MultimodalSample> samples) {
        DjlInference engine = inference();
        return predict(samples, engine::forward);
    }

    /**
     * The same model running on ND4J (inference only); its predictions equal DJL's within 1e-5.
     * Every call's predictor shares the model's one ND4J runner, so asking per request is cheap.
     *
     * @throws UnsupportedOperationException if the model has a {@link Trunk}, which runs on DJL only
     */
    public Predictor onNd4j() {
        if (!spec.trunks().isEmpty()) {
            throw new UnsupportedOperationException("the trunks of " + spec.trunks().keySet()
                    + " are DJL networks; serve this model with predict(...) on DJL");
        }
        Nd4jModuleRunner runner = nd4jRunner();
        return samples -> predict(samples, batch -> runner.forwardValues(
                backend -> dev.fusion4j.fusion.FusionInputs.of(batch, spec.schema(), backend).flatten()));
    }

    /** Metrics of this model's predictions on labelled samples. */
    public Evaluation evaluate(List<MultimodalSample> samples) {
        return Evaluation.of(spec.head(), predictAll(samples), samples);
    }

    private List<Prediction> predict(List<MultimodalSample> samples, java.util.function.Function<MultimodalBatch, float[]> run) {
        Objective objective = Objective.forPrediction(spec.head(), spec.strategy().isLate());
        List<Prediction> out = new ArrayList<>(samples.size());
        for (int start = 0; start < samples.size(); start += PREDICTION_CHUNK) {
            List<MultimodalSample> part = samples.subList(start, Math.min(samples.size(), start + PREDICTION_CHUNK));
            float[] values = run.apply(MultimodalBatch.collate(stripLabels(part), spec.inputSchema().widths()));
            for (int i = 0; i < part.size(); i++) {
                out.add(objective.prediction(values, i));
            }
        }
        return out;
    }

    /** Prediction ignores labels, so a mix of labelled and unlabelled samples is fine. */
    private static List<MultimodalSample> stripLabels(List<MultimodalSample> samples) {
        List<MultimodalSample> out = new ArrayList<>(samples.size());
        for (MultimodalSample sample : samples) {
            if (sample.label().isEmpty()) {
                out.add(sample);
            } else {
                MultimodalSample.Builder builder = MultimodalSample.builder();
                sample.id().ifPresent(builder::id);
                sample.features().forEach(builder::put);
                out.add(builder.build());
            }
        }
        return out;
    }

    /** One runner per model: its parameter arrays and per-thread arenas serve every ND4J predictor. */
    private synchronized Nd4jModuleRunner nd4jRunner() {
        requireOpen();
        if (nd4j == null) {
            nd4j = new Nd4jModuleRunner(spec.module(statistics), parameters);
        }
        return nd4j;
    }

    private synchronized DjlInference inference() {
        requireOpen();
        if (inference == null) {
            inference = new DjlInference(spec, spec.module(statistics), parameters, device);
        }
        return inference;
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

    Map<String, float[]> parameterView() {
        return parameters;
    }

    /** Frees the native memory of this model's DJL parameters; closing twice is harmless. */
    @Override
    public synchronized void close() {
        closed = true;
        nd4j = null;
        if (inference != null) {
            inference.close();
            inference = null;
        }
    }

    private synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this model is closed");
        }
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

        /** Drops each modality with this probability in training (never all of a sample's at once). */
        public Builder modalityDropout(double probability) {
            this.dropoutAll = probability;
            return this;
        }

        /** Drops {@code modality} with this probability in training (overrides the common one). */
        public Builder modalityDropout(Modality modality, double probability) {
            dropout.put(Objects.requireNonNull(modality, "modality"), probability);
            return this;
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
            Map<String, float[]> initial = new LinkedHashMap<>();
            for (ParameterSpec p : spec.parameters(identity)) {
                initial.put(p.name(), p.initialValues(seed));
            }
            return new FusionModel(spec, device, identity, initial, List.of());
        }
    }
}
