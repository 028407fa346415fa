package dev.fusion4j.model;

import ai.djl.Device;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.fusion.InputStatistics;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.train.SampleSource;
import dev.fusion4j.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A multimodal fusion model: the {@link FusionSpec} it was built from, its parameters, the
 * statistics of its training inputs and its {@link Provenance}.
 *
 * <pre>{@code
 * FusionModel model = spec.train(train, validation, TrainingOptions.defaults());
 * try (Predictor predictor = model.newPredictor()) {
 *     Prediction p = predictor.predict(sample);
 * }
 * model.save(Path.of("sentiment-model"));
 * FusionModel tuned = model.fit(moreData, List.of(), TrainingOptions.builder().epochs(5).build());
 * }</pre>
 *
 * <p>Immutable: {@link #fit} returns a new model and leaves this one as it was. The same seed and
 * data give the same trained weights on the CPU. Thread-safe, and it holds no native memory: the
 * {@link Predictor}s made by {@link #newPredictor()} do, each until it is closed.
 */
public final class FusionModel {

    private final FusionSpec spec;
    private final InputStatistics statistics;
    private final Map<String, float[]> parameters;
    private final Map<Modality, Boolean> sequenceInputs;
    private final Provenance provenance;
    private final Device device;

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
        return fit(SampleSource.of(train), validation, options);
    }

    /**
     * Trains a copy of this model further on samples read pass after pass from {@code train}, as
     * {@link #fit(List, List, TrainingOptions)} does from a list: one pass surveys them (checks,
     * statistics, fingerprint), then one pass per epoch; only the batches in flight are held.
     *
     * @param validation held in memory; may be empty (then no early stopping)
     * @throws dev.fusion4j.data.InvalidSampleException if a sample's features do not fit the model
     * @throws dev.fusion4j.data.InvalidLabelException if a sample lacks a label of the head's kind
     * @throws IllegalArgumentException if the source has no sample or no sample has one of the
     *     model's modalities
     * @throws IllegalStateException if an epoch yields another number of samples than the survey
     */
    public FusionModel fit(SampleSource train, List<MultimodalSample> validation, TrainingOptions options) {
        TrainingSurvey survey = TrainingSurvey.of(train, spec, check());
        Map<Modality, Boolean> layouts = survey.layouts();
        SampleCheck trained = new SampleCheck(spec.inputSchema(), layouts, spec.head());
        trained.requireFeatures(validation, "validation");
        trained.requireLabels(validation, "validation");
        Objective objective = new Objective(spec.head(), spec.strategy().isLate(), survey.classWeights(options),
                options.regressionLoss());
        InputStatistics fitted = survey.statistics(statistics);
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
                .train(initial, train, survey.count(), validation);
        Provenance next = provenance.trained(options, survey.fingerprint(), result.history());
        return new FusionModel(spec, fitted, result.parameters(), layouts, next, options.device());
    }

    /**
     * A predictor on DJL, on the model's device; close it when done.
     *
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
     */
    public Predictor newPredictor(Backend backend) {
        Objects.requireNonNull(backend, "backend");
        if (backend == Backend.ND4J && !spec.trunks().isEmpty()) {
            throw new UnsupportedOperationException("the trunks of " + spec.trunks().keySet()
                    + " are DJL networks; serve this model with newPredictor() on DJL");
        }
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
     */
    public Evaluation evaluate(List<MultimodalSample> samples) {
        try (Predictor predictor = newPredictor()) {
            return predictor.evaluate(samples);
        }
    }

    private SampleCheck check() {
        return new SampleCheck(spec.inputSchema(), sequenceInputs, spec.head());
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

    /** This model with {@code spec}, which differs from its own in the encoders it records only. */
    FusionModel withSpec(FusionSpec spec) {
        return new FusionModel(spec, statistics, parameters, sequenceInputs, provenance, device);
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
}
