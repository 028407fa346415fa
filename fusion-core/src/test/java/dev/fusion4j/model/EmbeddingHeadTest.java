package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.train.TrainingOptions;

import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedding head: unit vectors in which samples of one class lie together. */
class EmbeddingHeadTest {
    private static final List<MultimodalSample> TRAIN = TwoBitData.generate(400, 51);
    private static final List<MultimodalSample> TEST = TwoBitData.generate(200, 52);

    @Test
    void embeddingsAreUnitVectorsThatClusterByClassAndSurviveSaving(@TempDir Path dir) {
        FusionModel model = FusionSpec.builder()
                .modality(Modality.TEXT, TwoBitData.TEXT_WIDTH)
                .modality(Modality.AUDIO, TwoBitData.AUDIO_WIDTH)
                .fusion(Fusion.intermediate().width(16).dropout(0f).concatMlp(16))
                .head(Head.embedding(8, TwoBitData.LABELS))
                .seed(9)
                .build()
                .train(TRAIN, List.of(), TrainingOptions.builder().epochs(20).learningRate(5e-3f).progress(false).build());
        List<Prediction> predictions;
        try (Predictor predictor = model.newPredictor()) {
            predictions = predictor.predictAll(TEST);
        }
        double same = 0;
        double different = 0;
        int sameCount = 0;
        int differentCount = 0;
        for (int i = 0; i < TEST.size(); i++) {
            double[] e = predictions.get(i).values();
            assertEquals(8, e.length);
            assertEquals(1.0, norm(e), 1e-5);
            for (int j = i + 1; j < TEST.size(); j++) {
                double cosine = dot(e, predictions.get(j).values());
                if (TEST.get(i).label().orElseThrow().equals(TEST.get(j).label().orElseThrow())) {
                    same += cosine;
                    sameCount++;
                } else {
                    different += cosine;
                    differentCount++;
                }
            }
        }
        assertTrue(same / sameCount > different / differentCount + 0.5, "mean cosine within classes "
                + same / sameCount + ", across " + different / differentCount);
        assertTrue(model.evaluate(TEST).accuracy() > 0.9, "nearest-prototype accuracy "
                + model.evaluate(TEST).accuracy());
        model.save(dir);
        FusionModel loaded = FusionModel.load(dir);
        assertEquals(model.spec().head(), loaded.spec().head());
        try (Predictor predictor = loaded.newPredictor()) {
            assertArrayEquals(predictions.get(0).values(), predictor.predict(TEST.get(0)).values(), 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> Head.embedding(0, "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> Head.embedding(4, "only"));
    }

    private static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
