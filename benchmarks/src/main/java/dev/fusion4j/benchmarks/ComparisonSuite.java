package dev.fusion4j.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Comparison programs, each in its own JVM (so one's memory and native state cannot colour
 * another's figures), writing its table and plots to the results directory; the end-to-end
 * pipeline with passive OpenMP waiting, as the README advises for two engines in one process.
 * Stops at the first program that fails.
 *
 * <p>Arguments: the results directory, then {@code all} for every program; by default the
 * performance set (the fusion operators against the GEMM peak, serving latency, training
 * throughput beside PyTorch, the text encoder beside langchain4j), about 8 minutes on 2 cores.
 */
public final class ComparisonSuite {
    private static final List<Class<?>> PERFORMANCE = List.of(BackendComparison.class, ServingLatency.class,
            TrainingThroughput.class, TextEncoderComparison.class);
    private static final List<Class<?>> ALL = List.of(BackendComparison.class, ServingLatency.class,
            TrainingThroughput.class, TextEncoderComparison.class, AudioEncoderComparison.class,
            ImageEncoderComparison.class, PipelineBenchmark.class, ScalingBenchmark.class, MemorySoak.class);

    private ComparisonSuite() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        boolean all = args.length > 1 && args[1].equals("all");
        long start = System.nanoTime();
        for (Class<?> program : all ? ALL : PERFORMANCE) {
            System.out.printf(Locale.ROOT, "== %s (%.0f s into the suite)%n", program.getSimpleName(),
                    (System.nanoTime() - start) / 1e9);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path")));
            for (String property : System.getProperties().stringPropertyNames()) {
                if (property.startsWith("ai.djl.") || property.startsWith("org.slf4j.")) {
                    command.add("-D" + property + "=" + System.getProperty(property));
                }
            }
            command.add(program.getName());
            command.add(results.toString());
            ProcessBuilder process = new ProcessBuilder(command).inheritIO();
            if (program == PipelineBenchmark.class) {
                // two engines in one process: see the README
                process.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            }
            int exit = process.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(program.getSimpleName() + " failed with exit code " + exit);
            }
        }
    }
}
