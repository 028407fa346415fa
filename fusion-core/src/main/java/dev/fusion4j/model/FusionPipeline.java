package dev.fusion4j.model;

import ai.djl.Device;
import dev.fusion4j.CloseGuard;
import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderFactory;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.RawInputs;
import dev.fusion4j.dataset.DatasetEncoder;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained {@link FusionModel} and, for each of its modalities, the encoder that makes its
 * features, as one artifact that predicts from raw inputs: text, audio files, image files.
 *
 * <pre>{@code
 * FusionModel model = FusionSpec.builder()
 *         .modality(Modality.TEXT, text).modality(Modality.AUDIO, mfcc).modality(Modality.IMAGE, image)
 *         ...build().train(train, validation, options);
 * FusionPipeline.of(model, Map.of(Modality.TEXT, text, Modality.AUDIO, mfcc, Modality.IMAGE, image))
 *         .save(Path.of("my-pipeline"));
 *
 * FusionPipeline pipeline = FusionPipeline.load(Path.of("my-pipeline"));
 * try (FusionPipeline.Predictor predictor = pipeline.newPredictor()) {
 *     Prediction p = predictor.predict(RawInputs.builder()
 *             .text("a red star").audio(Path.of("star.wav")).image(Path.of("star.png")).build());
 * }
 * }</pre>
 *
 * <p>The pipeline keeps each encoder's {@link EncoderSpec}; a predictor rebuilds the encoders
 * from them with the {@link dev.fusion4j.data.EncoderFactory}s on the class path (fusion-text,
 * fusion-audio, fusion-image). A model records the spec of each encoder it was trained with
 * ({@link FusionSpec.Builder#modality(Modality, Encoder)}); a pipeline takes no other encoder.
 * Immutable and thread-safe, and it holds no native memory: its predictors do, each until it is
 * closed.
 */
public final class FusionPipeline {
    private final FusionModel model;
    private final Map<Modality, EncoderSpec> encoders;

    private FusionPipeline(FusionModel model, Map<Modality, EncoderSpec> encoders) {
        this.model = model;
        this.encoders = Collections.unmodifiableMap(new LinkedHashMap<>(encoders));
    }

    /**
     * The pipeline of {@code model} and one encoder per modality of it. Where the model records no
     * encoder for a modality (it was given a width), the pipeline's copy of the model records this one.
     *
     * @throws IllegalArgumentException if the encoders' modalities are not the model's, or an
     *     encoder has no {@link Encoder#spec() spec} or no factory on the class path
     * @throws EncoderMismatchException if an encoder's spec differs from the one the model records
     *     for its modality, or its width from the model's
     */
    public static FusionPipeline of(FusionModel model, Map<Modality, ? extends Encoder<?>> encoders) {
        Map<Modality, Integer> widths = model.spec().inputWidths();
        if (!widths.keySet().equals(encoders.keySet())) {
            throw new IllegalArgumentException("the model's modalities are " + widths.keySet()
                    + "; give an encoder for each of them, not for " + encoders.keySet());
        }
        FusionModel recording = model;
        Map<Modality, EncoderSpec> specs = new LinkedHashMap<>();
        for (Modality modality : widths.keySet()) {
            Encoder<?> encoder = Objects.requireNonNull(encoders.get(modality), "encoder");
            EncoderSpec spec = encoder.spec().orElseThrow(() -> new IllegalArgumentException("the encoder of '"
                    + modality + "', " + encoder.description() + ", has no spec, so a saved pipeline could not "
                    + "rebuild it; use an encoder of fusion-text, fusion-audio or fusion-image, or implement Encoder.spec()"));
            if (spec.hasWeights() && spec.weights().isEmpty()) {
                throw new IllegalArgumentException("the spec of " + encoder.description() + " records weights but "
                        + "carries none");
            }
            PipelineEncoders.requireMatch(model.spec(), modality, spec, encoder.dim());
            EncoderFactory.require(spec.type());
            if (!model.spec().encoderSpecs().containsKey(modality)) {
                recording = recording.withSpec(recording.spec().recordingEncoder(modality, spec));
            }
            specs.put(modality, spec);
        }
        return new FusionPipeline(recording, specs);
    }

    /**
     * Loads a pipeline saved by {@link #save(Path)}: the model, checked as
     * {@link FusionModel#load(Path)} checks it, and its encoders' specs and weights.
     *
     * @throws ModelFormatException if the directory does not hold a valid pipeline: a model that
     *     records no encoder for a modality, an encoder type without a factory on the class path,
     *     encoder weights missing, malformed or other than the recorded ones
     */
    public static FusionPipeline load(Path directory) {
        return ModelStore.load(directory, Device.cpu(), (model, files) -> {
            Map<Modality, EncoderSpec> specs = new LinkedHashMap<>();
            for (Modality modality : model.spec().inputWidths().keySet()) {
                EncoderSpec recorded = model.spec().encoderSpecs().get(modality);
                if (recorded == null) {
                    throw new ModelFormatException(files + " holds a model that records no encoder for modality '"
                            + modality + "': load it with FusionModel.load, or make a pipeline of it with "
                            + "FusionPipeline.of(model, encoders)");
                }
                try {
                    EncoderFactory.require(recorded.type());
                } catch (IllegalArgumentException e) {
                    throw new ModelFormatException(files + ", modality '" + modality + "': " + e.getMessage(), e);
                }
                specs.put(modality, recorded.hasWeights() ? EncoderWeights.read(files, recorded) : recorded);
            }
            return new FusionPipeline(model, specs);
        });
    }

    /**
     * Saves to {@code directory} (created if needed) as {@link FusionModel#save(Path)} does, the
     * encoders' specs in {@code model.json} and their weights, if any, in
     * {@code encoder-<hash>.safetensors} files: atomically, and in turns with other saves and
     * loads of the directory. {@link FusionModel#load(Path)} reads the model alone.
     */
    public void save(Path directory) {
        Map<String, byte[]> weights = new LinkedHashMap<>();
        encoders.values().stream().filter(EncoderSpec::hasWeights)
                .forEach(spec -> weights.put(EncoderWeights.fileName(spec), EncoderWeights.write(spec)));
        ModelStore.save(model, directory, weights, ModelStore::writeDurably);
    }

    /** The model; its spec records every encoder's spec. */
    public FusionModel model() {
        return model;
    }

    /** Per modality, the spec of its encoder (with its weights, if it has any). */
    public Map<Modality, EncoderSpec> encoders() {
        return encoders;
    }

    /**
     * A predictor on DJL that owns the rebuilt encoders and a model predictor; close it when done.
     *
     * @throws ModelFormatException if a factory refuses its encoder's spec
     * @throws EncoderMismatchException if a rebuilt encoder differs from the spec (a local model
     *     file that changed since the pipeline was saved)
     * @throws dev.fusion4j.FusionException if an encoder's model file cannot be loaded
     */
    public Predictor newPredictor() {
        DatasetEncoder opened = PipelineEncoders.open(model.spec(), encoders);
        try {
            return new Predictor(opened, model.newPredictor());
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * Predicts from raw inputs: encodes each modality's inputs with its encoder, in one batch per
     * modality, then predicts with the model. Thread-safe; closing waits for the calls in flight,
     * then frees the encoders and the model predictor; later calls throw
     * {@link IllegalStateException}; closing twice is harmless.
     */
    public static final class Predictor implements AutoCloseable {
        private final DatasetEncoder encoders;
        private final dev.fusion4j.model.Predictor model;
        private final CloseGuard guard = new CloseGuard("this pipeline predictor");

        private Predictor(DatasetEncoder encoders, dev.fusion4j.model.Predictor model) {
            this.encoders = encoders;
            this.model = model;
        }

        /** The prediction for one sample; see {@link #predictAll}. */
        public Prediction predict(RawInputs sample) {
            return predictAll(List.of(sample)).get(0);
        }

        /**
         * Predictions for the samples, in order.
         *
         * @throws dev.fusion4j.data.InvalidSampleException if a sample has a modality the pipeline
         *     lacks, or an input of a type its encoder does not take
         * @throws dev.fusion4j.FusionException if a file cannot be read or decoded (an
         *     {@code AudioFormatException}, an {@code ImageFormatException}, …)
         * @throws IllegalStateException if this predictor is closed
         */
        public List<Prediction> predictAll(List<RawInputs> samples) {
            return guard.call(() -> model.predictAll(encoders.encode(samples)));
        }

        /** Frees the encoders and the model predictor once the calls in flight have returned. */
        @Override
        public void close() {
            guard.close(() -> {
                try {
                    model.close();
                } finally {
                    encoders.close();
                }
            });
        }
    }
}
