package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        try (FusionModel original = trained(1)) {
            original.save(dir);
        }
        List<MultimodalSample> samples = SyntheticDatasets.twoBits(2000, 42, 0.2);
        try (FusionModel model = FusionModel.load(dir)) {
            List<Prediction> expected = model.predictAll(samples);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<Prediction>>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    futures.add(pool.submit(() -> {
                        List<Prediction> out = new ArrayList<>();
                        for (int start = 0; start < samples.size(); start += 50) {
                            out.addAll(model.predictAll(samples.subList(start, start + 50)));
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
    }

    /**
     * 16 threads predict (half on DJL, half through an ND4J predictor) while the main thread closes
     * the model: closing waits for the calls in flight, and every later call, ND4J included, fails
     * with {@link IllegalStateException}. Before, close freed libtorch memory under running calls
     * (SIGSEGV) and ND4J predictors kept serving. Five rounds, a few seconds.
     */
    @Test
    void closingWhileSixteenThreadsPredictWaitsForThemAndRefusesLaterCalls(@TempDir Path dir) throws Exception {
        try (FusionModel original = trained(3)) {
            original.save(dir);
        }
        List<MultimodalSample> batch = SyntheticDatasets.twoBits(64, 44, 0.2);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int round = 0; round < 5; round++) {
                FusionModel model = FusionModel.load(dir);
                Predictor nd4j = model.onNd4j();
                java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(16);
                List<Future<Integer>> callers = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    Predictor predictor = t % 2 == 0 ? model : nd4j;
                    callers.add(pool.submit(() -> {
                        int done = 0;
                        running.countDown();
                        while (true) {
                            try {
                                assertEquals(batch.size(), predictor.predictAll(batch).size());
                                done++;
                            } catch (IllegalStateException closed) {
                                assertEquals(true, closed.getMessage().contains("closed"), closed.getMessage());
                                return done;
                            }
                        }
                    }));
                }
                running.await();
                Thread.sleep(20);
                model.close();
                for (Future<Integer> caller : callers) {
                    // rethrows anything but the IllegalStateException each loop ends with; a caller that
                    // keeps being served after close times out
                    caller.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
                assertThrows(IllegalStateException.class, () -> nd4j.predictAll(batch));
                assertThrows(IllegalStateException.class, () -> model.predictAll(batch));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSaveThatFailsMidwayLeavesThePreviousModelIntact(@TempDir Path dir) throws IOException {
        List<MultimodalSample> probe = SyntheticDatasets.twoBits(20, 43, 0);
        List<Prediction> before;
        try (FusionModel first = trained(1)) {
            first.save(dir);
            before = first.predictAll(probe);
        }
        for (int failAt : new int[] {0, 1}) {
            int[] writes = {0};
            try (FusionModel second = trained(2)) {
                FusionException e = assertThrows(FusionException.class, () -> ModelStore.save(second, dir,
                        (file, content) -> {
                            if (writes[0]++ == failAt) {
                                Files.write(file, java.util.Arrays.copyOf(content, content.length / 2));
                                throw new IOException("disk full (simulated)");
                            }
                            Files.write(file, content);
                        }));
                assertEquals(true, e.getMessage().contains("disk full"), e.getMessage());
            }
            try (FusionModel reloaded = FusionModel.load(dir)) {
                List<Prediction> after = reloaded.predictAll(probe);
                for (int i = 0; i < probe.size(); i++) {
                    assertArrayEquals(before.get(i).probabilities(), after.get(i).probabilities(), 0.0);
                }
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(),
                        "no temporary file is left behind");
            }
        }
    }
}
