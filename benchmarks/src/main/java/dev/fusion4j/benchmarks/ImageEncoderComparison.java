package dev.fusion4j.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.fusion4j.image.BatchNormFolding;
import dev.fusion4j.image.ResNet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Images per second through the built-in ResNet-18 and -50 bodies (224 × 224, DJL on libtorch
 * 2.7.1, 2 threads), and in the same run torchvision's bodies in Debian's PyTorch (1.13, 2
 * threads) when {@code /usr/bin/python3} has torch and torchvision. Forward passes only, eval mode.
 */
public final class ImageEncoderComparison {
    private static final int[] BATCHES = {1, 16, 64};

    private ImageEncoderComparison() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        Map<String, Double> python = python();
        StringBuilder table = new StringBuilder("# ResNet forward: Fusion4J (DJL) vs PyTorch\n\nCommand: `./mvnw -B -q -ntp "
                + "-Pcompare -DskipTests verify -pl benchmarks -am -Dcompare.main=dev.fusion4j.benchmarks."
                + "ImageEncoderComparison`\n\n224 × 224 images per second, 2 threads, best of 3; DJL runs libtorch "
                + "2.7.1, the Python side Debian's torch " + (python.isEmpty() ? "(not available)" : "1.13")
                + ". \"DJL blocks\" runs the trainable network; the encoder runs it with batch norm folded into the "
                + "convolutions.\n\n| model | batch | DJL blocks (img/s) | encoder, folded (img/s) | PyTorch (img/s) "
                + "| encoder / PyTorch |\n|---|---|---|---|---|---|\n");
        for (ResNet.Depth depth : new ResNet.Depth[] {ResNet.Depth.RESNET18, ResNet.Depth.RESNET50}) {
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                Block body = ResNet.features(depth, 1);
                body.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
                Block folded = BatchNormFolding.fold(body, manager, 224);
                for (int batch : BATCHES) {
                    double blocks = measure(body, manager, batch);
                    double ours = measure(folded, manager, batch);
                    Double theirs = python.get(depth.name().toLowerCase(Locale.ROOT) + " " + batch);
                    String row = String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %s | %s |%n", depth, batch,
                            blocks, ours,
                            theirs == null ? "-" : String.format(Locale.ROOT, "%.1f", theirs),
                            theirs == null ? "-" : String.format(Locale.ROOT, "%.2f×", ours / theirs));
                    System.out.print(row);
                    table.append(row);
                }
            }
        }
        Files.createDirectories(results);
        Files.writeString(results.resolve("image-encoder.md"), table.toString());
    }

    private static double measure(Block body, NDManager manager, int batch) {
        ParameterStore store = new ParameterStore(manager, false);
        int runs = Math.max(2, 64 / batch);
        double best = 0;
        for (int round = 0; round < 4; round++) {
            long start = System.nanoTime();
            for (int r = 0; r < runs; r++) {
                try (NDManager pass = manager.newSubManager()) {
                    NDArray x = pass.randomNormal(new Shape(batch, 3, 224, 224));
                    body.forward(store, new NDList(x), false).singletonOrThrow().getFloat(0, 0, 0, 0);
                }
            }
            double rate = runs * batch / ((System.nanoTime() - start) / 1e9);
            best = round == 0 ? best : Math.max(best, rate);   // the first round warms up
        }
        return best;
    }

    private static Map<String, Double> python() {
        Map<String, Double> out = new HashMap<>();
        for (String line : PythonSide.run("resnet_bench.py", "2")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 3 && parts[0].startsWith("resnet")) {
                out.put(parts[0] + " " + parts[1], Double.parseDouble(parts[2]));
            }
        }
        return out;
    }
}
