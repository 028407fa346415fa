package dev.fusion4j.benchmarks;

import ai.djl.ndarray.NDManager;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.fusion.FusionInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Every fusion operator on DJL (inference, and a training step) and on ND4J (inference) with the
 * same parameters and batch (that of {@link FusionOperatorBenchmark}: B = 64, T ≤ 50, width 128,
 * three modalities), side by side in one process: batches per second, best of 3 rounds of 1 s after
 * a warm-up round, with the achieved GFLOP/s ({@link FlopCount}) and its fraction of the GEMM peak
 * measured at the start of the run ({@link GemmPeak}; ND4J against ND4J's own peak); then the
 * attention operators beside PyTorch.
 */
public final class BackendComparison {
    private static final String[] OPERATORS = {"sum", "concat-mlp", "attention-sum", "gmu", "tfn", "lmf",
        "cross-attention", "self-attention"};

    private BackendComparison() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        GemmPeak peak = GemmPeak.measure();
        System.out.println(peak.describe());
        MultimodalBatch batch = FusionOperatorBenchmark.randomBatch(new Random(1));
        StringBuilder md = new StringBuilder("# Fusion operators: DJL vs ND4J, against the GEMM peak\n\nCommand: `./mvnw "
                + "-B -q -ntp -Pcompare -DskipTests verify -pl benchmarks -am -Dcompare.main=dev.fusion4j.benchmarks."
                + "BackendComparison`\n\nB = 64, T ≤ 50 (padded to the longest), width 128, three modalities; cross-"
                + "attention: d = 128, 8 heads, 1 cross-modal layer per pair, 2 self-attention layers per target (width "
                + "256), residual block; self-attention: d = 128, 8 heads, 1 layer. Batches per second, best of 3 rounds "
                + "of 1 s after a warm-up round; same parameters on both backends. GFLOP counts the matrix products of "
                + "one forward pass (`FlopCount`); a training step (forward + backward, dropout on) counts three times "
                + "that. " + peak.describe() + "\n\n"
                + "| operator | GFLOP/pass | DJL fwd (batches/s) | GFLOP/s | of peak | DJL fwd+bwd (batches/s) | GFLOP/s "
                + "| of peak | ND4J fwd (batches/s) | GFLOP/s | of ND4J peak | ND4J / DJL fwd |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, double[]> djl = new HashMap<>();
        for (String operator : OPERATORS) {
            try (OperatorHarness harness = new OperatorHarness(operator, batch)) {
                double flops = harness.forwardFlops();
                double forward = rate(() -> {
                    try (NDManager pass = harness.newPass()) {
                        harness.djlForward(pass, false).toFloatArray();
                    }
                });
                double training = rate(() -> {
                    try (NDManager pass = harness.newPass()) {
                        harness.djlTrainingStep(pass);
                    }
                });
                double nd4j = rate(() -> harness.nd4j().forwardValues(
                        backend -> FusionInputs.of(batch, FusionOperatorBenchmark.SCHEMA, backend)));
                String row = String.format(Locale.ROOT, "| %s | %.3f | %.1f | %s | %.2f | %s | %.1f | %s | %.2f× |%n",
                        operator, flops / 1e9, forward, GemmPeak.cells(flops, forward, peak.djl()), training,
                        GemmPeak.cells(FlopCount.trainingStep(flops), training, peak.djl()), nd4j,
                        GemmPeak.cells(flops, nd4j, peak.nd4j()), nd4j / forward);
                System.out.print(row);
                md.append(row);
                djl.put(operator, new double[] {forward, training});
            }
        }
        md.append(besidePyTorch(djl));
        Files.createDirectories(results);
        Files.writeString(results.resolve("backends.md"), md.toString());
    }

    /**
     * The attention operators beside the same operators in PyTorch ({@code torch_fusion.py
     * operators}, 2 threads), run after the DJL passes: forward and training-step rates and ratios.
     */
    private static String besidePyTorch(Map<String, double[]> djl) {
        String build = "not run";
        StringBuilder rows = new StringBuilder();
        for (String line : PythonSide.run("torch_fusion.py", "operators", "2")) {
            String[] cells = line.split("\t");
            if (line.startsWith("build ")) {
                build = line.substring(6);
            } else if (cells.length == 3 && djl.containsKey(cells[0])) {
                double[] ours = djl.get(cells[0]);
                double forward = Double.parseDouble(cells[1]);
                double training = Double.parseDouble(cells[2]);
                rows.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f× | %.2f | %.2f | %.2f× |%n", cells[0],
                        ours[0], forward, ours[0] / forward, ours[1], training, ours[1] / training));
            }
        }
        return "\n## Attention operators beside PyTorch\n\nThe same operators written in PyTorch from Fusion4J's "
                + "formulas (`torch_fusion.py operators`: pre-norm layers, key-padding masks, mean pooling; "
                + "`nn.MultiheadAttention`), same shapes, 2 threads, Debian's PyTorch " + build + ". Batches per second."
                + "\n\n| operator | DJL fwd | PyTorch fwd | DJL / PyTorch | DJL fwd+bwd | PyTorch fwd+bwd | DJL / PyTorch |\n"
                + "|---|---|---|---|---|---|---|\n" + rows;
    }

    /** Passes per second: best of 3 rounds of 1 s after a warm-up round. */
    private static double rate(Runnable pass) {
        return Throughput.best(pass, 3, 1_000_000_000L);
    }
}
