package dev.fusion4j.benchmarks;

import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.Backend;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionStrategy;
import dev.fusion4j.model.Predictor;
import dev.fusion4j.train.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Serving latency of every fusion strategy on DJL and on ND4J: one shared {@link Predictor} called
 * by 1, 2 and 8 concurrent callers with single samples and with batches of 32 (quickstart-shaped
 * samples, {@link QuickstartShapes}); the median and 99th percentile of a call's time, and the
 * samples per second all callers together served. Each model is trained for one epoch first (its
 * values do not change the work).
 */
public final class ServingLatency {
    private static final int[] CALLERS = {1, 2, 8};
    private static final int[] BATCHES = {1, 32};
    private static final long MEASURE_NANOS = 700_000_000L;

    private ServingLatency() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        List<MultimodalSample> samples = QuickstartShapes.samples(160, new Random(3));
        List<MultimodalSample> train = samples.subList(0, 128);
        StringBuilder md = new StringBuilder("# Serving latency: DJL vs ND4J\n\nCommand: `./mvnw -B -q -ntp -Pcompare "
                + "-DskipTests verify -pl benchmarks -am -Dcompare.main=dev.fusion4j.benchmarks.ServingLatency`\n\n"
                + "Quickstart-shaped samples (text 384-d vector, 40–90 MFCC frames of 13, 2 × 2 image tokens of 128), "
                + "10 classes; intermediate width 32 (TFN 8), attention 4 heads and 1 layer. One predictor shared by N "
                + "concurrent callers, each calling `predictAll` with 1 sample or a batch of 32 for 0.7 s after a warm-up; "
                + "p50 / p99 of a call in ms, and the samples per second of all callers together.\n\n"
                + "| strategy | backend | batch | 1 caller p50 / p99 | 2 callers p50 / p99 | 8 callers p50 / p99 "
                + "| samples/s (1 / 2 / 8 callers) |\n|---|---|---|---|---|---|---|\n");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Map.Entry<String, FusionStrategy> strategy : QuickstartShapes.allStrategies().entrySet()) {
                FusionModel model = QuickstartShapes.spec(strategy.getValue()).train(train, List.of(),
                        TrainingOptions.builder().epochs(1).progress(false).build());
                for (Backend backend : List.of(Backend.DJL, Backend.ND4J)) {
                    try (Predictor predictor = model.newPredictor(backend)) {
                        for (int batch : BATCHES) {
                            String row = row(strategy.getKey(), backend, batch, predictor,
                                    samples.subList(samples.size() - batch, samples.size()), pool);
                            System.out.print(row);
                            md.append(row);
                        }
                    }
                }
            }
        } finally {
            pool.shutdown();
        }
        Files.createDirectories(results);
        Files.writeString(results.resolve("serving.md"), md.toString());
    }

    private static String row(String strategy, Backend backend, int batch, Predictor predictor,
                              List<MultimodalSample> request, ExecutorService pool) throws Exception {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %d |", strategy, backend, batch));
        List<String> rates = new ArrayList<>();
        callers(predictor, request, 1, pool, 600_000_000L);   // warm-up
        for (int callers : CALLERS) {
            long start = System.nanoTime();
            long[] latencies = callers(predictor, request, callers, pool, MEASURE_NANOS);
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            row.append(String.format(Locale.ROOT, " %s / %s |", ms(percentile(latencies, 0.5)),
                    ms(percentile(latencies, 0.99))));
            rates.add(String.format(Locale.ROOT, "%.0f", latencies.length * (double) batch / seconds));
        }
        return row.append(' ').append(String.join(" / ", rates)).append(" |\n").toString();
    }

    /** Every call's latency in ns, of {@code callers} threads each calling until {@code nanos} have passed. */
    private static long[] callers(Predictor predictor, List<MultimodalSample> request, int callers,
                                  ExecutorService pool, long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            futures.add(pool.submit(() -> {
                List<Long> times = new ArrayList<>();
                do {
                    long start = System.nanoTime();
                    predictor.predictAll(request);
                    times.add(System.nanoTime() - start);
                } while (System.nanoTime() < end);
                return times;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> future : futures) {
            all.addAll(future.get());
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String ms(long nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : "%.0f", ms);
    }
}
