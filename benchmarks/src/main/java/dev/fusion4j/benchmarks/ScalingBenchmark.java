package dev.fusion4j.benchmarks;

import ai.djl.ndarray.NDManager;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.fusion.CrossModalAttentionFusion;
import dev.fusion4j.internal.fusion.FusionInputs;
import dev.fusion4j.internal.fusion.FusionOperator;
import dev.fusion4j.internal.fusion.ModalitySchema;
import dev.fusion4j.internal.tensor.FixedModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.djl.DjlBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * How a cross-attention forward pass (DJL, inference, width 64, 4 heads, 1 layer) scales with the
 * sequence length T (10 … 1000, 2 modalities, batch 8), with the number of modalities (2 … 6,
 * T = 50) and with the batch size (1 … 64, T = 50): milliseconds per batch, median of 5, plus a
 * PNG plot per curve in {@code benchmarks/results/}.
 */
public final class ScalingBenchmark {
    private ScalingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        Files.createDirectories(results);
        StringBuilder md = new StringBuilder("# Cross-attention scaling (DJL, CPU)\n\nCommand: `./mvnw -B -q -ntp -Pcompare "
                + "-DskipTests verify -pl benchmarks -am -Dcompare.main=dev.fusion4j.benchmarks.ScalingBenchmark`\n\n"
                + "Milliseconds per forward pass (inference), width 64, 4 heads, 1 layer; median of 5. Memory: the "
                + "MiB of every array one pass creates (inputs, intermediates, output), all held until the pass "
                + "ends.\n\n");
        try (DjlBackend backend = DjlBackend.cpu()) {
            md.append(curve(backend, results, "sequence length T (2 modalities, batch 8)", "scaling-length.png",
                    new int[] {10, 50, 100, 200, 500, 1000}, value -> new int[] {2, value, 8}));
            md.append(curve(backend, results, "modalities (T = 50, batch 8)", "scaling-modalities.png",
                    new int[] {2, 3, 4, 5, 6}, value -> new int[] {value, 50, 8}));
            md.append(curve(backend, results, "batch size (2 modalities, T = 50)", "scaling-batch.png",
                    new int[] {1, 4, 16, 64}, value -> new int[] {2, 50, value}));
        }
        Files.writeString(results.resolve("scaling.md"), md.toString());
        System.out.print(md);
    }

    private interface Setting {
        int[] of(int value);
    }

    private static String curve(DjlBackend backend, Path results, String name, String png, int[] values,
                                Setting setting) throws IOException {
        StringBuilder md = new StringBuilder("## " + name + "\n\n| value | ms per batch | MiB per pass |\n|---|---|---|\n");
        double[] y = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            int[] s = setting.of(values[i]);
            Cost cost = measure(backend, s[0], s[1], s[2]);
            y[i] = cost.milliseconds();
            md.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f |%n", values[i], y[i], cost.mebibytes()));
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Cross-attention: " + name).xAxisTitle(name)
                .yAxisTitle("ms per batch").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.addSeries("cross-attention forward", Arrays.stream(values).asDoubleStream().toArray(), y);
        BitmapEncoder.saveBitmap(chart, results.resolve(png).toString(), BitmapEncoder.BitmapFormat.PNG);
        return md.append('\n').toString();
    }

    /** Time and array memory of one forward pass. */
    private record Cost(double milliseconds, double mebibytes) {
    }

    private static Cost measure(DjlBackend backend, int modalities, int steps, int batch) {
        ModalitySchema.Builder schema = ModalitySchema.builder();
        for (int m = 0; m < modalities; m++) {
            schema.add(Modality.of("m" + m), 32);
        }
        ModalitySchema built = schema.build();
        FusionOperator operator = CrossModalAttentionFusion.builder(built).width(64).heads(4).layers(1)
                .dropout(0).build();
        try (NDManager configuration = backend.manager().newSubManager()) {
            DjlBackend owner = DjlBackend.wrap(configuration);
            Map<String, Tensor> parameters = new HashMap<>();
            for (ParameterSpec spec : operator.parameters()) {
                parameters.put(spec.name(), owner.fromArray(spec.initialValues(1), spec.shapeArray()));
            }
            return time(operator, built, parameters, configuration, samples(built, steps, batch));
        }
    }

    private static List<MultimodalSample> samples(ModalitySchema built, int steps, int batch) {
        Random random = new Random(1);
        List<MultimodalSample> samples = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            MultimodalSample.Builder sample = MultimodalSample.builder();
            for (Modality modality : built.modalities()) {
                float[] values = new float[steps * 32];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextGaussian();
                }
                sample.put(modality, Features.sequence(values, steps, 32));
            }
            samples.add(sample.build());
        }
        return samples;
    }

    /** Median of 5 timed passes after one warm-up, each in its own NDManager scope. */
    private static Cost time(FusionOperator operator, ModalitySchema schema, Map<String, Tensor> parameters,
                             NDManager parent, List<MultimodalSample> samples) {
        MultimodalBatch collated = MultimodalBatch.collate(samples, schema.widths());
        double[] times = new double[6];
        long bytes = 0;
        for (int r = 0; r < times.length; r++) {
            try (NDManager pass = parent.newSubManager()) {
                DjlBackend backend = DjlBackend.wrap(pass);
                FusionInputs inputs = FusionInputs.of(collated, schema, backend);
                long start = System.nanoTime();
                operator.fuse(FixedModuleContext.inference(backend, parameters), inputs).toFloatArray();
                times[r] = (System.nanoTime() - start) / 1e6;
                bytes = pass.getManagedArrays().stream()
                        .mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
            }
        }
        double[] timed = Arrays.copyOfRange(times, 1, times.length);
        Arrays.sort(timed);
        return new Cost(timed[2], bytes / (1024.0 * 1024.0));
    }
}
