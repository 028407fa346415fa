package dev.fusion4j.model;

import ai.djl.Device;
import dev.fusion4j.CloseGuard;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.fusion.InputStatistics;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.nd4j.Nd4jModuleRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multimodal fusion model: the {@link FusionSpec} it was built from, its parameters, the
 * statistics of its training inputs and its {@link Provenance}.
 *
 * <pre>{@code
 * FusionModel model = spec.train(train, validation, TrainingOptions.defaults());
 * Prediction p = model.predict(sample);
 * model.save(Path.of("sentiment-model"));
 * FusionModel tuned = model.fit(moreData, List.of(), TrainingOptions.builder().epochs(5).build());
 * }</pre>
 *
 * <p>Immutable: {@link #fit} returns a new model and leaves this one as it was. The same seed and
 * data give the same trained weights on the CPU. Thread-safe: share one model between threads;
 * its DJL parameters are loaded once, on first prediction, and freed by {@link #close()}.
 */
public final class FusionModel implements Predictor, AutoCloseable {
    private static final int PREDICTION_CHUNK = 256;

    private final FusionSpec spec;
    private final InputStatistics statistics;
    private final Map<String, float[]> parameters;
    private final Map<Modality, Boolean> sequenceInputs;
    private final Provenance provenance;
    private final Device device;
    private DjlInference inference;
    private Nd4jModuleRunner nd4j;
    private final CloseGuard guard = new CloseGuard("this model");

    /**
     * @param sequenceInputs per modality, whether it was trained on sequences (true) or vectors
     *     (false); empty before training
     * @param device where DJL runs its predictions
     */
    FusionModel(FusionSpec spec, InputStatistics statistics, Map<String, float[]> parameters,
                Map<Modality, Boolean> sequenceInputs, Provenance provenance, Device device) {
        this.spec = spec;
        this.statistics = statistics;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.sequenceInputs = Collections.unmodifiableMap(new LinkedHashMap<>(sequenceInputs));
        this.provenance = provenance;
        this.device = device;
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
     * Trains a copy of this model further and returns it (fine-tuning); this model is left
     * unchanged. The copy's provenance records this run's options, data, versions and time, and
     * its history continues this model's.
     *
     * @param validation may be empty (then no early stopping)
     * @throws dev.fusion4j.data.InvalidSampleException if a sample's features do not fit the model
     *     (a modality it lacks, another width, vectors and sequences mixed in one modality)
     * @throws dev.fusion4j.data.InvalidLabelException if a sample lacks a label of the head's kind
     * @throws IllegalArgumentException if the training set is empty or no sample has one of the
     *     model's modalities
     */
    public FusionModel fit(List<MultimodalSample> train, List<MultimodalSample> validation, TrainingOptions options) {
        return guard.call(() -> fitCopy(train, validation, options));
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
        FusionTrainer.Result result = new FusionTrainer(spec, module, options, objective, options.device())
                .train(initial, train, validation);
        Provenance next = provenance.trained(options, Provenance.DataFingerprint.of(train, spec.head()),
                result.history());
        return new FusionModel(spec, fitted, result.parameters(), layouts, next, options.device());
    }

    /**
     * @throws dev.fusion4j.data.InvalidSampleException if a sample's features do not fit the model
     * @throws IllegalStateException if the model is closed
     */
    @Override
    public List<Prediction> predictAll(List<MultimodalSample> samples) {
        check().requireFeatures(samples, "prediction");
        return guard.call(() -> predict(samples, inference()::forward));
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
        Nd4jModuleRunner runner = guard.call(this::nd4jRunner);
        return samples -> {
            check().requireFeatures(samples, "prediction");
            return guard.call(() -> predict(samples, batch -> runner.forwardValues(
                    backend -> dev.fusion4j.fusion.FusionInputs.of(batch, spec.schema(), backend).flatten())));
        };
    }

    /**
     * Metrics of this model's predictions on labelled samples.
     *
     * @throws dev.fusion4j.data.InvalidLabelException if a sample's label does not fit the head
     */
    public Evaluation evaluate(List<MultimodalSample> samples) {
        check().requireLabels(samples, "evaluation");
        return Evaluation.of(spec.head(), predictAll(samples), samples);
    }

    private List<Prediction> predict(List<MultimodalSample> samples, java.util.function.Function<MultimodalBatch, float[]> run) {
        Objective objective = Objective.forPrediction(spec.head(), spec.strategy().isLate());
        List<Prediction> out = new ArrayList<>(samples.size());
        for (int start = 0; start < samples.size(); start += PREDICTION_CHUNK) {
            List<MultimodalSample> part = samples.subList(start, Math.min(samples.size(), start + PREDICTION_CHUNK));
            float[] values = run.apply(MultimodalBatch.collate(stripLabels(part), spec.inputSchema().widths()));
            int width = values.length / part.size();
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new NonFiniteOutputException("the model's output for "
                            + part.get(i / width).describe(start + i / width) + " is "
                            + values[i] + " although its features are finite: they are too large for float "
                            + "arithmetic; scale them (e.g. standardise) before training and prediction");
                }
            }
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

    private SampleCheck check() {
        return new SampleCheck(spec.inputSchema(), sequenceInputs, spec.head());
    }

    /** One runner per model: its parameter arrays and per-thread arenas serve every ND4J predictor. */
    private synchronized Nd4jModuleRunner nd4jRunner() {
        if (nd4j == null) {
            nd4j = new Nd4jModuleRunner(spec.module(statistics), parameters);
        }
        return nd4j;
    }

    private synchronized DjlInference inference() {
        if (inference == null) {
            inference = new DjlInference(spec, spec.module(statistics), parameters, device);
        }
        return inference;
    }

    /** What this model is: modalities, fusion, head, dropout and seed. */
    public FusionSpec spec() {
        return spec;
    }

    /** Where this model came from: training options, data, encoders, versions, time and history. */
    public Provenance provenance() {
        return provenance;
    }

    /** A copy of every parameter's values by name. */
    public Map<String, float[]> parameters() {
        Map<String, float[]> copy = new LinkedHashMap<>();
        parameters.forEach((name, values) -> copy.put(name, values.clone()));
        return copy;
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

    /**
     * Frees the native memory of this model's DJL parameters, after the predictions in flight
     * finish; later calls, ND4J predictors included, throw {@link IllegalStateException}. Closing
     * twice is harmless.
     */
    @Override
    public void close() {
        guard.close(() -> {
            synchronized (this) {
                nd4j = null;
                if (inference != null) {
                    inference.close();
                    inference = null;
                }
            }
        });
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
}
