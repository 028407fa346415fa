package dev.fusion4j.benchmarks;

import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.FusionStrategy;
import dev.fusion4j.train.EpochMetrics;
import dev.fusion4j.train.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Training throughput of the quickstart's three models (early fusion, cross-attention, late fusion
 * by product of experts) on 320 quickstart-shaped samples ({@link QuickstartShapes}), batch 32,
 * Adam at 3e-3, beside the same models and loop in PyTorch ({@code torch_fusion.py training}, run by
 * {@link PythonSide} with 2 threads) in one run: samples per second over the epochs after the first.
 */
public final class TrainingThroughput {
    private static final int SAMPLES = 320;
    private static final int EPOCHS = 3;

    private TrainingThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        List<MultimodalSample> train = QuickstartShapes.samples(SAMPLES, new Random(11));
        Map<String, Double> ours = new HashMap<>();
        for (Map.Entry<String, FusionStrategy> model : QuickstartShapes.quickstartModels().entrySet()) {
            List<EpochMetrics> epochs = new ArrayList<>();
            QuickstartShapes.spec(model.getValue()).train(train, List.of(), TrainingOptions.builder().epochs(EPOCHS)
                    .learningRate(3e-3f).batchSize(32).progress(false).listener(epochs::add).build());
            double seconds = epochs.subList(1, epochs.size()).stream().mapToDouble(EpochMetrics::seconds).sum();
            ours.put(model.getKey(), SAMPLES * (EPOCHS - 1) / seconds);
            System.out.printf(Locale.ROOT, "%s: %.0f samples/s%n", model.getKey(), ours.get(model.getKey()));
        }
        Map<String, Double> torch = new HashMap<>();
        String build = "not run";
        for (String line : PythonSide.run("torch_fusion.py", "training", "2", Integer.toString(SAMPLES), Integer.toString(EPOCHS))) {
            String[] cells = line.split("\t");
            if (line.startsWith("build ")) {
                build = line.substring(6);
            } else if (cells.length == 2) {
                torch.put(cells[0], Double.parseDouble(cells[1]));
            }
        }
        StringBuilder md = new StringBuilder("# Training throughput: Fusion4J (DJL) vs PyTorch\n\nCommand: `./mvnw -B -q "
                + "-ntp -Pcompare -DskipTests verify -pl benchmarks -am -Dcompare.main=dev.fusion4j.benchmarks."
                + "TrainingThroughput` (PyTorch: `bash benchmarks/python-setup.sh` first)\n\n"
                + "The quickstart's three models on " + SAMPLES + " quickstart-shaped samples (text 384-d, 40–90 MFCC "
                + "frames of 13, 2 × 2 image tokens of 128; 10 classes), batch 32, Adam 3e-3, modality dropout 0.2; "
                + "samples per second over epochs 2–" + EPOCHS + " (the first warms up). PyTorch side: the same models and loop written "
                + "from Fusion4J's formulas (`torch_fusion.py training`), 2 threads, Debian's PyTorch " + build + ".\n\n"
                + "| model | Fusion4J DJL (samples/s) | PyTorch (samples/s) | Fusion4J / PyTorch |\n|---|---|---|---|\n");
        for (String model : QuickstartShapes.quickstartModels().keySet()) {
            Double reference = torch.get(model);
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %s |%n", model, ours.get(model),
                    reference == null ? "—" : String.format(Locale.ROOT, "%.0f", reference),
                    reference == null ? "—" : String.format(Locale.ROOT, "%.2f×", ours.get(model) / reference)));
        }
        System.out.print(md);
        Files.createDirectories(results);
        Files.writeString(results.resolve("training.md"), md.toString());
    }
}
