package dev.fusion4j.benchmarks;

import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.audio.MfccConfig;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.image.ImagePreprocessor;
import dev.fusion4j.image.ResNet;
import dev.fusion4j.image.ResNetImageEncoder;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.Head;
import dev.fusion4j.model.Prediction;
import dev.fusion4j.model.Predictor;
import dev.fusion4j.train.TrainingOptions;
import dev.fusion4j.text.BertTextEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The stages of the end-to-end benchmarks: captions through MiniLM, audio through the Kaldi MFCC
 * preset (pooled), images through ResNet-18 at width 1/4 (64²), then early fusion predicts.
 */
final class PipelineStages implements AutoCloseable {
    private final BertTextEncoder text;
    private final MfccAudioEncoder audio;
    private final ResNetImageEncoder image;
    private final Predictor predictor;

    /** Builds the encoders and a model trained for one epoch on {@code training}. */
    PipelineStages(List<RawSample> training) {
        this.text = textEncoder();
        this.audio = audioEncoder();
        this.image = imageEncoder();
        FusionSpec spec = FusionSpec.builder().modality(Modality.TEXT, text)
                .modality(Modality.AUDIO, audio).modality(Modality.IMAGE, image).fusion(Fusion.early())
                .head(Head.classification("a", "b")).build();
        this.predictor = spec.train(samples(text(training), audio(training), image(training)), List.of(),
                TrainingOptions.builder().epochs(1).progress(false).build()).newPredictor();
    }

    /** MiniLM, the default text encoder. */
    static BertTextEncoder textEncoder() {
        return BertTextEncoder.builder().build();
    }

    /** The Kaldi MFCC preset, pooled. */
    static MfccAudioEncoder audioEncoder() {
        return MfccAudioEncoder.builder().config(MfccConfig.kaldi()).pooled(true).build();
    }

    /** ResNet-18 at width 1/4 on 64² images. */
    static ResNetImageEncoder imageEncoder() {
        return ResNetImageEncoder.builder().builtIn(ResNet.Depth.RESNET18, 0.25, 1)
                .preprocessor(ImagePreprocessor.of(64, 64, new float[] {0.5f, 0.5f, 0.5f},
                        new float[] {0.25f, 0.25f, 0.25f})).build();
    }

    List<Features> text(List<RawSample> raw) {
        return text.encodeAll(raw.stream().map(RawSample::caption).toList());
    }

    List<Features> audio(List<RawSample> raw) {
        return raw.stream().map(r -> audio.encode(r.audio())).toList();
    }

    List<Features> image(List<RawSample> raw) {
        return image.encodeAll(raw.stream().map(RawSample::image).toList());
    }

    List<Prediction> predict(List<MultimodalSample> samples) {
        return predictor.predictAll(samples);
    }

    /** Encodes each modality in turn, then predicts. */
    List<Prediction> sequential(List<RawSample> raw) {
        return predict(samples(text(raw), audio(raw), image(raw)));
    }

    /** Encodes the three modalities concurrently on {@code encoders}, then predicts. */
    List<Prediction> concurrent(List<RawSample> raw, ExecutorService encoders) {
        Future<List<Features>> t = encoders.submit(() -> text(raw));
        Future<List<Features>> a = encoders.submit(() -> audio(raw));
        Future<List<Features>> i = encoders.submit(() -> image(raw));
        try {
            return predict(samples(t.get(), a.get(), i.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Labelled samples (alternating classes) from the three encoders' outputs. */
    static List<MultimodalSample> samples(List<Features> text, List<Features> audio, List<Features> image) {
        List<MultimodalSample> out = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            out.add(MultimodalSample.builder().label(i % 2).put(Modality.TEXT, text.get(i))
                    .put(Modality.AUDIO, audio.get(i)).put(Modality.IMAGE, image.get(i)).build());
        }
        return out;
    }

    @Override
    public void close() {
        predictor.close();
        image.close();
        text.close();
    }
}
