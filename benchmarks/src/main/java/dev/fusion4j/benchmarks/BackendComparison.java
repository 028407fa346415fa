package dev.fusion4j.benchmarks;

import ai.djl.ndarray.NDManager;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.fusion.FusionInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Inference of every fusion operator on DJL and on ND4J with the same parameters and batch (that
 * of {@link FusionOperatorBenchmark}: B = 64, T ≤ 50, width 128, three modalities), side by side
 * in one process: batches per second, best of 3 rounds of 2 seconds after a warm-up round.
 */
public final class BackendComparison {
    private static final String[] OPERATORS = {"sum", "concat-mlp", "attention-sum", "gmu", "tfn", "lmf",
        "cross-attention", "self-attention"};

    private BackendComparison() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        MultimodalBatch batch = FusionOperatorBenchmark.randomBatch(new Random(1));
        StringBuilder md = new StringBuilder("# Fusion operators: DJL vs ND4J inference\n\nCommand: `./mvnw -B -q -ntp "
                + "-Pcompare -DskipTests verify -pl benchmarks -am -Dcompare.main=dev.fusion4j.benchmarks."
                + "BackendComparison`\n\nB = 64, T ≤ 50, width 128, three modalities; batches per second, best of 3 "
                + "rounds of 2 s after a warm-up round; same parameters on both.\n\n"
                + "| operator | DJL (batches/s) | ND4J (batches/s) | ND4J / DJL |\n|---|---|---|---|\n");
        for (String operator : OPERATORS) {
            try (OperatorHarness harness = new OperatorHarness(operator, batch)) {
                double djl = rate(() -> {
                    try (NDManager pass = harness.newPass()) {
                        harness.djlForward(pass, false).toFloatArray();
                    }
                });
                double nd4jRate = rate(() -> harness.nd4j().forwardValues(
                        backend -> FusionInputs.of(batch, FusionOperatorBenchmark.SCHEMA, backend)));
                String row = String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f× |%n", operator, djl, nd4jRate,
                        nd4jRate / djl);
                System.out.print(row);
                md.append(row);
            }
        }
        Files.createDirectories(results);
        Files.writeString(results.resolve("backends.md"), md.toString());
    }

    private static double rate(Runnable pass) {
        double best = 0;
        for (int round = 0; round < 4; round++) {
            long start = System.nanoTime();
            int passes = 0;
            while (System.nanoTime() - start < 2_000_000_000L) {
                pass.run();
                passes++;
            }
            double perSecond = passes / ((System.nanoTime() - start) / 1e9);
            best = round == 0 ? 0 : Math.max(best, perSecond);   // the first round warms up
        }
        return best;
    }
}
