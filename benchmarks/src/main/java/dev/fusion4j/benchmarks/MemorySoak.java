package dev.fusion4j.benchmarks;

import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.testing.SyntheticDatasets;
import dev.fusion4j.model.Backend;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.Head;
import dev.fusion4j.model.Predictor;
import dev.fusion4j.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Steady-state memory over many single-sample predictions of one cross-attention model, on DJL and
 * on ND4J: resident set size (native + heap, from /proc) and heap after a GC, sampled every 10 000
 * predictions; the growth per 10 000 is the least-squares slope after the first sample (warm-up).
 */
public final class MemorySoak {
    private MemorySoak() {
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        List<MultimodalSample> train = SyntheticDatasets.twoBits(400, 1, 0.1);
        List<MultimodalSample> probes = SyntheticDatasets.twoBits(1000, 2, 0.2);
        StringBuilder table = new StringBuilder("# Memory over many predictions\n\nCommand: `./mvnw -B -q -ntp -Pcompare "
                + "-DskipTests verify -pl benchmarks -am -Dcompare.main=dev.fusion4j.benchmarks.MemorySoak`\n\n"
                + "Single-sample predictions of a cross-attention model (2 modalities, width 16); growth is the slope "
                + "after warm-up.\n\n| backend | predictions | RSS growth per 10 000 | heap growth per 10 000 | "
                + "final RSS |\n|---|---|---|---|---|\n");
        FusionModel model = FusionSpec.builder()
                .modality(Modality.TEXT, SyntheticDatasets.TEXT_WIDTH)
                .modality(Modality.AUDIO, SyntheticDatasets.AUDIO_WIDTH)
                .fusion(Fusion.intermediate().width(16).crossAttention(2, 1))
                .head(Head.classification(SyntheticDatasets.TWO_BIT_LABELS.toArray(new String[0])))
                .build().train(train, List.of(), TrainingOptions.builder().epochs(2).progress(false).build());
        try (Predictor djl = model.newPredictor(); Predictor nd4j = model.newPredictor(Backend.ND4J)) {
            table.append(soak("DJL (PyTorch)", djl, probes, args.length > 1 ? Integer.parseInt(args[1]) : 100_000));
            table.append(soak("ND4J", nd4j, probes, args.length > 2 ? Integer.parseInt(args[2]) : 100_000));
        }
        Files.createDirectories(results);
        Files.writeString(results.resolve("memory.md"), table.toString());
        System.out.print(table);
    }

    private static String soak(String name, Predictor predictor, List<MultimodalSample> probes, int total)
            throws IOException {
        int points = total / 10_000 + 1;
        double[] rss = new double[points];
        double[] heap = new double[points];
        int index = 0;
        for (int i = 0; i <= total; i++) {
            if (i % 10_000 == 0) {
                System.gc();
                rss[index] = residentMegabytes();
                heap[index] = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0;
                index++;
            }
            if (i < total) {
                predictor.predict(probes.get(i % probes.size()));
            }
        }
        return String.format(Locale.ROOT, "| %s | %,d | %+.2f MB | %+.2f MB | %.0f MB |%n", name, total, slope(rss),
                slope(heap), rss[points - 1]);
    }

    /** Least-squares slope per sample step, leaving out the first (warm-up) sample. */
    private static double slope(double[] y) {
        int n = y.length - 1;
        double mx = 0;
        double my = 0;
        for (int i = 1; i < y.length; i++) {
            mx += i / (double) n;
            my += y[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 1; i < y.length; i++) {
            sxy += (i - mx) * (y[i] - my);
            sxx += (i - mx) * (i - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    private static double residentMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
