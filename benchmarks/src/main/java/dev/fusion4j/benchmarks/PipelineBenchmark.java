package dev.fusion4j.benchmarks;

import dev.fusion4j.data.MultimodalSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * End to end, raw inputs to predictions ({@link PipelineStages}) for 512 generated samples. Each
 * stage alone, then the pipeline with the three encoders of a batch running concurrently and two
 * batches in flight; the pipeline's samples per second against the slowest stage's.
 */
public final class PipelineBenchmark {
    private static final int SAMPLES = 512;
    private static final int BATCH = 32;

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        List<RawSample> raw = RawSample.generate(SAMPLES, new Random(5));
        try (PipelineStages stages = new PipelineStages(raw)) {
            List<MultimodalSample> encoded = PipelineStages.samples(stages.text(raw), stages.audio(raw),
                    stages.image(raw));
            double textRate = rate(() -> stages.text(raw));
            double audioRate = rate(() -> stages.audio(raw));
            double imageRate = rate(() -> stages.image(raw));
            double predictRate = rate(() -> {
                for (int start = 0; start < SAMPLES; start += BATCH) {
                    stages.predict(encoded.subList(start, start + BATCH));
                }
            });
            ExecutorService encoders = Executors.newFixedThreadPool(3);
            ExecutorService batches = Executors.newFixedThreadPool(2);
            double pipelineRate;
            try {
                pipelineRate = rate(() -> pipeline(raw, stages, encoders, batches));
            } finally {
                encoders.shutdown();
                batches.shutdown();
            }
            double slowest = Math.min(Math.min(textRate, audioRate), Math.min(imageRate, predictRate));
            String table = String.format(Locale.ROOT, "# End-to-end pipeline%n%nCommand: `OMP_WAIT_POLICY=PASSIVE ./mvnw -B -q -ntp "
                    + "-Pcompare -DskipTests verify -pl benchmarks -am -Dcompare.main=dev.fusion4j.benchmarks."
                    + "PipelineBenchmark`%n%n%d samples, batches of %d, samples per second (best of 3).%n%n"
                    + "| stage | samples/s |%n|---|---|%n| text (MiniLM) | %.1f |%n| audio (Kaldi MFCC) | %.1f |%n"
                    + "| image (ResNet-18 × 1/4, 64²) | %.1f |%n| fusion predict | %.1f |%n"
                    + "| **pipeline** (encoders concurrent, 2 batches in flight) | %.1f |%n%n"
                    + "Pipeline / slowest stage alone: %.2f.%n", SAMPLES, BATCH, textRate, audioRate, imageRate,
                    predictRate, pipelineRate, pipelineRate / slowest);
            System.out.print(table);
            Files.createDirectories(results);
            Files.writeString(results.resolve("pipeline.md"), table);
        }
    }

    private static void pipeline(List<RawSample> raw, PipelineStages stages, ExecutorService encoders,
                                 ExecutorService batches) {
        List<Future<?>> running = new ArrayList<>();
        for (int start = 0; start < SAMPLES; start += BATCH) {
            List<RawSample> batch = raw.subList(start, start + BATCH);
            running.add(batches.submit(() -> stages.concurrent(batch, encoders)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static double rate(Runnable work) {
        double best = 0;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            work.run();
            best = Math.max(best, SAMPLES / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }
}
