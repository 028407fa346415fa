package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.train.EpochMetrics;
import dev.fusion4j.train.TrainingOptions;

import dev.fusion4j.FusionException;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FusionModelTest {
    private static final List<MultimodalSample> TRAIN = TwoBitData.generate(300, 11);
    private static final List<MultimodalSample> VALIDATION = TwoBitData.generate(100, 12);

    private static FusionSpec.Builder builder() {
        return FusionSpec.builder()
                .modality(Modality.TEXT, TwoBitData.TEXT_WIDTH)
                .modality(Modality.AUDIO, TwoBitData.AUDIO_WIDTH)
                .head(Head.classification(TwoBitData.LABELS))
                .seed(5);
    }

    private static TrainingOptions.Builder quick() {
        return TrainingOptions.builder().epochs(5).batchSize(32).learningRate(5e-3f).progress(false);
    }

    @Test
    void invalidCombinationsFailAtBuildSayingWhatToChange() {
        IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
                () -> builder().fusion(Fusion.late().mean()).head(Head.regression("y")).build());
        assertTrue(late.getMessage().contains("Head.classification"), late.getMessage());
        IllegalArgumentException cross = assertThrows(IllegalArgumentException.class,
                () -> FusionSpec.builder().modality(Modality.TEXT, 4).head(Head.classification("a", "b"))
                        .fusion(Fusion.intermediate().crossAttention(2, 1)).build());
        assertTrue(cross.getMessage().contains("at least 2 modalities"), cross.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FusionSpec.builder().modality(Modality.TEXT, 4)
                .head(Head.classification("a", "b")).fusion(Fusion.early()).modalityDropout(0.2).build());
        IllegalArgumentException noFusion = assertThrows(IllegalArgumentException.class, () -> builder().build());
        assertTrue(noFusion.getMessage().contains("Fusion.early()"), noFusion.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder().fusion(Fusion.late().weighted(1, 2, 3)).build());
        assertThrows(IllegalArgumentException.class, () -> builder().fusion(Fusion.early())
                .modalityDropout(Modality.IMAGE, 0.2).build());
        assertThrows(IllegalArgumentException.class, () -> builder().fusion(Fusion.early()).modalityDropout(1.0).build());
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.builder().learningRate(0).build());
        assertThrows(IllegalArgumentException.class, () -> Head.classification("only-one"));
    }

    @Test
    void trainingWithTheSameSeedAndDataGivesTheSameWeights() {
        FusionSpec spec = builder().fusion(Fusion.intermediate().width(8).dropout(0.2f).gated())
                .modalityDropout(0.2).build();
        Map<String, float[]> first = spec.train(TRAIN, List.of(), quick().build()).parameters();
        Map<String, float[]> second = spec.train(TRAIN, List.of(), quick().build()).parameters();
        assertEquals(first.keySet(), second.keySet());
        first.forEach((name, values) -> assertArrayEquals(values, second.get(name), 0f, name));
        assertTrue(!java.util.Arrays.equals(first.get("output.weight"),
                spec.untrained().parameters().get("output.weight")), "training changes the initial weights");
    }

    @Test
    void fitLeavesTheOriginalUntouchedAndReportsEveryEpochToListeners() {
        FusionModel untrained = builder().fusion(Fusion.early()).build().untrained();
        Map<String, float[]> before = untrained.parameters();
        List<EpochMetrics> seen = new ArrayList<>();
        FusionModel trained = untrained.fit(TRAIN, VALIDATION, quick().listener(seen::add).build());
        assertEquals(5, seen.size());
        assertEquals(seen, trained.provenance().history());
        assertTrue(seen.get(4).trainingLoss() < seen.get(0).trainingLoss(), "loss falls: " + seen);
        assertTrue(seen.get(4).validationMetric() > 0.5, "validation accuracy " + seen.get(4).validationMetric());
        before.forEach((name, values) -> assertArrayEquals(values, untrained.parameters().get(name), 0f));
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndKeepsTheBestEpoch() {
        List<EpochMetrics> seen = new ArrayList<>();
        // a learning rate this large makes the validation accuracy stop improving quickly
        FusionModel trained = builder().fusion(Fusion.early()).build().train(TRAIN, VALIDATION,
                quick().epochs(60).learningRate(0.5f).optimizer(TrainingOptions.Optimizer.SGD).earlyStopping(2)
                        .listener(seen::add).build());
        assertTrue(seen.size() < 60, "stopped after " + seen.size() + " epochs");
        double best = seen.stream().mapToDouble(EpochMetrics::validationMetric).max().orElseThrow();
        assertEquals(best, trained.evaluate(VALIDATION).accuracy(), 1e-9);
    }

    @Test
    void missingOrMismatchedLabelsAreRejectedNamingTheSample() {
        FusionSpec spec = builder().fusion(Fusion.early()).build();
        MultimodalSample unlabelled = MultimodalSample.builder().id("no-label")
                .put(Modality.TEXT, Features.vector(new float[TwoBitData.TEXT_WIDTH])).build();
        FusionException e = assertThrows(FusionException.class,
                () -> spec.train(List.of(unlabelled), List.of(), quick().build()));
        assertTrue(e.getMessage().contains("'no-label'"), e.getMessage());
        MultimodalSample outOfRange = unlabelled.toBuilder().id("class-9").label(9).build();
        FusionException range = assertThrows(FusionException.class,
                () -> spec.train(List.of(outOfRange), List.of(), quick().build()));
        assertTrue(range.getMessage().contains("'class-9'"), range.getMessage());
    }

    @Test
    void trainingThatDivergesStopsWithTheReasonInsteadOfReturningABrokenModel() {
        List<MultimodalSample> samples = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            samples.add(MultimodalSample.builder().put(Modality.TEXT, Features.vector(i, -i))
                    .put(Modality.AUDIO, Features.vector(1)).label(Label.ofValues(1e6f * i)).build());
        }
        FusionSpec spec = FusionSpec.builder().modality(Modality.TEXT, 2).modality(Modality.AUDIO, 1)
                .fusion(Fusion.intermediate().width(8).concatMlp(8)).head(Head.regression("y")).build();
        // Adam moves every weight by about the learning rate per step: 1e30 overflows float32 at once
        FusionException e = assertThrows(FusionException.class,
                () -> spec.train(samples, List.of(), quick().learningRate(1e30f).epochs(3).build()));
        assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("learning rate"), e.getMessage());
    }

    @Test
    void regressionAndMultiLabelHeadsLearn() {
        Random random = new Random(3);
        List<MultimodalSample> regression = new ArrayList<>();
        List<MultimodalSample> multiLabel = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            float x = (float) random.nextGaussian();
            float y = (float) random.nextGaussian();
            MultimodalSample base = MultimodalSample.builder()
                    .put(Modality.TEXT, Features.vector(x, 0.1f * (float) random.nextGaussian()))
                    .put(Modality.AUDIO, Features.vector(y)).build();
            regression.add(base.toBuilder().label(Label.ofValues(2 * x - y)).build());
            multiLabel.add(base.toBuilder().label(Label.ofValues(x > 0 ? 1 : 0, y > 0 ? 1 : 0)).build());
        }
        FusionSpec.Builder two = FusionSpec.builder().modality(Modality.TEXT, 2).modality(Modality.AUDIO, 1)
                .fusion(Fusion.early()).seed(1);
        TrainingOptions options = quick().epochs(40).learningRate(0.05f).build();
        FusionModel regressor = two.head(Head.regression("score")).build().train(regression, List.of(), options);
        assertTrue(regressor.evaluate(regression).rootMeanSquaredError() < 0.1,
                "RMSE " + regressor.evaluate(regression).rootMeanSquaredError());
        FusionModel tagger = two.head(Head.multiLabel("x", "y")).build().train(multiLabel, List.of(), options);
        assertTrue(tagger.evaluate(multiLabel).macroF1() > 0.95, "macro-F1 " + tagger.evaluate(multiLabel).macroF1());
        assertEquals(List.of("x"), Predictions.of(tagger, List.of(multiLabel.get(0).toBuilder()
                .put(Modality.TEXT, Features.vector(3, 0)).put(Modality.AUDIO, Features.vector(-3)).build()))
                .get(0).labelsAbove(0.5));
    }

    @Test
    void predictionsAreTheSameFromManyThreads() throws Exception {
        FusionModel model = builder().fusion(Fusion.intermediate().width(8).attention()).build()
                .train(TRAIN, List.of(), quick().build());
        Predictor predictor = model.newPredictor();
        List<Prediction> expected = predictor.predictAll(VALIDATION);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Prediction>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> predictor.predictAll(VALIDATION)));
            }
            for (Future<List<Prediction>> future : futures) {
                List<Prediction> actual = future.get();
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(expected.get(i).probabilities(), actual.get(i).probabilities(), 0.0);
                }
            }
        } finally {
            pool.shutdown();
        }
        predictor.close();
        predictor.close();
        assertThrows(IllegalStateException.class, () -> predictor.predictAll(VALIDATION));
    }
}
