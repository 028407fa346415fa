package dev.fusion4j.spark;

import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.Head;
import dev.fusion4j.model.Prediction;
import dev.fusion4j.model.Predictor;
import dev.fusion4j.train.SampleSource;
import dev.fusion4j.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a JVM of small heap by {@link ParquetSamplesTest}: trains on the separable set in
 * {@code args[0]} streamed by {@link ParquetSamples}, scores the held-out set in {@code args[1]}
 * and prints {@code accuracy <a> heap <bytes>}.
 */
public final class StreamingTrainingMain {
    private StreamingTrainingMain() {
    }

    public static void main(String[] args) {
        int width = SeparableSet.WIDTH;
        FusionSpec spec = FusionSpec.builder().modality(Modality.TEXT, width).modality(Modality.AUDIO, width)
                .fusion(Fusion.early().standardised()).head(Head.classification("negative", "positive")).seed(3)
                .build();
        SampleSource train = ParquetSamples.builder(Path.of(args[0])).modalities(Modality.TEXT, Modality.AUDIO)
                .label("label").shuffleBuffer(2048).build();
        long start = System.nanoTime();
        FusionModel model = spec.train(train, List.of(), TrainingOptions.builder().epochs(3).batchSize(256)
                .learningRate(1e-2f).progress(false).build());
        System.out.println("trained in " + (System.nanoTime() - start) / 1e9 + " s: " + model.provenance().history());
        List<MultimodalSample> heldOut = new ArrayList<>();
        SampleSource test = ParquetSamples.builder(Path.of(args[1])).modalities(Modality.TEXT, Modality.AUDIO)
                .label("label").build();
        try (SampleSource.Pass pass = test.open(0, 0)) {
            for (List<MultimodalSample> batch = pass.next(1024); !batch.isEmpty(); batch = pass.next(1024)) {
                heldOut.addAll(batch);
            }
        }
        int correct = 0;
        try (Predictor predictor = model.newPredictor()) {
            List<Prediction> predictions = predictor.predictAll(heldOut);
            for (int i = 0; i < heldOut.size(); i++) {
                correct += predictions.get(i).classIndex() == heldOut.get(i).label().orElseThrow().classIndex() ? 1 : 0;
            }
        }
        System.out.println("accuracy " + correct / (double) heldOut.size() + " heap " + Runtime.getRuntime().maxMemory());
    }
}
