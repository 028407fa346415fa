package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import dev.fusion4j.train.TrainingOptions;

import dev.fusion4j.CloseRace;
import dev.fusion4j.FusionException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.testing.SyntheticDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Concurrency and crash safety of a loaded model. */
class ReliabilityTest {
    private static final List<MultimodalSample> TRAIN = SyntheticDatasets.twoBits(300, 41, 0.1);

    private static FusionModel trained(long seed) {
        return FusionSpec.builder()
                .modality(Modality.TEXT, SyntheticDatasets.TEXT_WIDTH)
                .modality(Modality.AUDIO, SyntheticDatasets.AUDIO_WIDTH)
                .fusion(Fusion.intermediate().width(8).dropout(0.1f).gated())
                .modalityDropout(0.2)
                .head(Head.classification(SyntheticDatasets.TWO_BIT_LABELS.toArray(new String[0])))
                .seed(seed)
                .build()
                .train(TRAIN, List.of(), TrainingOptions.builder().epochs(3).progress(false).build());
    }

    @Test
    void eightThreadsOfTwoThousandPredictionsEqualTheSingleThreadedOnes(@TempDir Path dir) throws Exception {
        trained(1).save(dir);
        List<MultimodalSample> samples = SyntheticDatasets.twoBits(2000, 42, 0.2);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Predictor predictor = FusionModel.load(dir).newPredictor()) {
            List<Prediction> expected = predictor.predictAll(samples);
            List<Future<List<Prediction>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    List<Prediction> out = new ArrayList<>();
                    for (int start = 0; start < samples.size(); start += 50) {
                        out.addAll(predictor.predictAll(samples.subList(start, start + 50)));
                    }
                    return out;
                }));
            }
            for (Future<List<Prediction>> future : futures) {
                List<Prediction> actual = future.get();
                assertEquals(expected.size(), actual.size());
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(expected.get(i).probabilities(), actual.get(i).probabilities(), 0.0,
                            "sample " + i);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * 16 threads predict through one predictor while the main thread closes it: closing waits for
     * the calls in flight, and every later call fails with {@link IllegalStateException}. Before,
     * close freed libtorch memory under running calls (SIGSEGV) and ND4J predictors kept serving.
     * Five rounds per backend, a few seconds.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void closingAPredictorWhileSixteenThreadsPredictWaitsForThemAndRefusesLaterCalls(Backend backend,
                                                                                    @TempDir Path dir)
            throws Exception {
        trained(3).save(dir);
        FusionModel model = FusionModel.load(dir);
        List<MultimodalSample> batch = SyntheticDatasets.twoBits(64, 44, 0.2);
        for (int round = 0; round < 5; round++) {
            Predictor predictor = model.newPredictor(backend);
            CloseRace.closeWhileThreadsCall(predictor,
                    () -> assertEquals(batch.size(), predictor.predictAll(batch).size()), 16,
                    "this predictor is closed");
            assertThrows(IllegalStateException.class, () -> predictor.predictAll(batch));
            assertThrows(IllegalStateException.class, () -> predictor.evaluate(batch));
            predictor.close();   // twice is harmless
        }
    }

    /**
     * A model holds no native memory: predictors copy its parameters, so they outlive it, and
     * closing one predictor leaves the others serving.
     */
    @Test
    void predictorsOutliveTheirModelAndEachOther(@TempDir Path dir) {
        trained(4).save(dir);
        List<MultimodalSample> probe = SyntheticDatasets.twoBits(30, 45, 0.2);
        List<Prediction> expected = Predictions.of(FusionModel.load(dir), probe);
        List<Predictor> predictors = predictorsOfADiscardedModel(dir);
        System.gc();
        predictors.get(0).close();
        assertThrows(IllegalStateException.class, () -> predictors.get(0).predictAll(probe));
        for (Predictor predictor : predictors.subList(1, predictors.size())) {
            List<Prediction> actual = predictor.predictAll(probe);
            for (int i = 0; i < probe.size(); i++) {
                assertArrayEquals(expected.get(i).probabilities(), actual.get(i).probabilities(), 1e-5);
            }
            predictor.close();
        }
    }

    /** Two DJL predictors and an ND4J one, from a model no one refers to afterwards. */
    private static List<Predictor> predictorsOfADiscardedModel(Path dir) {
        FusionModel model = FusionModel.load(dir);
        return List.of(model.newPredictor(), model.newPredictor(), model.newPredictor(Backend.ND4J));
    }

    @Test
    void aSaveThatFailsMidwayLeavesThePreviousModelIntact(@TempDir Path dir) throws IOException {
        List<MultimodalSample> probe = SyntheticDatasets.twoBits(20, 43, 0);
        FusionModel first = trained(1);
        first.save(dir);
        List<Prediction> before = Predictions.of(first, probe);
        for (int failAt : new int[] {0, 1}) {
            int[] writes = {0};
            FusionModel second = trained(2);
            FusionException e = assertThrows(FusionException.class, () -> ModelStore.save(second, dir,
                    (file, content) -> {
                        if (writes[0]++ == failAt) {
                            Files.write(file, java.util.Arrays.copyOf(content, content.length / 2));
                            throw new IOException("disk full (simulated)");
                        }
                        Files.write(file, content);
                    }));
            assertEquals(true, e.getMessage().contains("disk full"), e.getMessage());
            List<Prediction> after = Predictions.of(FusionModel.load(dir), probe);
            for (int i = 0; i < probe.size(); i++) {
                assertArrayEquals(before.get(i).probabilities(), after.get(i).probabilities(), 0.0);
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(),
                        "no temporary file is left behind");
            }
        }
    }
}
