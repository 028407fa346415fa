package dev.fusion4j.examples;

import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.Backend;
import dev.fusion4j.train.EpochMetrics;
import dev.fusion4j.model.Evaluation;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.FusionStrategy;
import dev.fusion4j.model.Head;
import dev.fusion4j.model.Prediction;
import dev.fusion4j.model.Predictor;
import dev.fusion4j.train.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The README's main job, on the embedded demo data set (spoken, written and captioned digits):
 * encodes captions with MiniLM, speech with MFCCs and images with a small ResNet; trains early,
 * cross-attention and late fusion and each single modality; prints test accuracy with all
 * modalities and with each one missing; writes a bar chart and the best model's confusion matrix
 * to {@code target/quickstart/}; checks ND4J serves the cross-attention model identically.
 */
public final class Quickstart {
    private static final List<Modality> MODALITIES = List.of(Modality.TEXT, Modality.AUDIO, Modality.IMAGE);

    /** How much work to do: the README's run, or a reduced one for tests. */
    record Settings(int imageEpochs, int epochs, Path output, boolean progress) {
        static Settings full() {
            return new Settings(6, 25, Path.of("target", "quickstart"), true);
        }
    }

    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        run(Settings.full());
    }

    /**
     * What a run found.
     *
     * @param accuracies each model's test accuracy with all its modalities
     * @param table the accuracy table as printed, one Markdown line each (the README shows it)
     */
    record Report(Map<String, Double> accuracies, List<String> table) {
    }

    /** Runs everything. */
    static Report run(Settings settings) throws Exception {
        long start = System.nanoTime();
        System.out.println("Encoding the demo set (800 digits: captions → MiniLM, speech → MFCC, "
                + "images → ResNet-18 trained on the training images) …");
        List<MultimodalSample> all = DemoFeatures.encode(DemoDataset.load(), settings.imageEpochs(), 7);
        List<MultimodalSample> train = all.subList(0, 600);
        List<MultimodalSample> test = all.subList(600, all.size());
        TrainingOptions options = TrainingOptions.builder().epochs(settings.epochs()).learningRate(3e-3f)
                .progress(settings.progress()).build();

        Map<String, FusionModel> models = new LinkedHashMap<>();
        models.put("early fusion", fit("early fusion", Fusion.early().standardised(), MODALITIES, train, options));
        models.put("cross-attention", fit("cross-attention", Fusion.intermediate().width(32).crossAttention(4, 1),
                MODALITIES, train, options));
        models.put("late fusion (product of experts)", fit("late fusion (product of experts)",
                Fusion.late().standardised().productOfExperts(), MODALITIES, train, options));
        for (Modality modality : MODALITIES) {
            models.put(modality + " only", fit(modality + " only", Fusion.early().standardised(), List.of(modality),
                    only(train, modality), options));
        }

        System.out.printf("%nTest accuracy on %d samples (10 classes, chance 0.10)%n%n", test.size());
        List<String> table = new ArrayList<>(List.of(
                "| model | all modalities | text missing | audio missing | image missing |", "|---|---|---|---|---|"));
        Map<String, Double> accuracies = new LinkedHashMap<>();
        for (Map.Entry<String, FusionModel> e : models.entrySet()) {
            FusionModel model = e.getValue();
            boolean single = model.spec().inputWidths().size() == 1;
            double accuracy = model.evaluate(single ? only(test, model.spec().inputWidths().keySet().iterator().next()) : test)
                    .accuracy();
            accuracies.put(e.getKey(), accuracy);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.3f |", e.getKey(), accuracy));
            for (Modality removed : MODALITIES) {
                row.append(single ? " - |" : String.format(Locale.ROOT, " %.3f |",
                        model.evaluate(without(test, removed)).accuracy()));
            }
            table.add(row.toString());
        }
        table.forEach(System.out::println);

        FusionModel crossAttention = models.get("cross-attention");
        Evaluation evaluation = crossAttention.evaluate(test);
        Files.createDirectories(settings.output());
        Files.writeString(settings.output().resolve("confusion-matrix.md"), evaluation.toMarkdown());
        Charts.writePng(Charts.accuracyBars("Test accuracy on the demo digits", accuracies),
                settings.output().resolve("accuracy.png"));
        List<Prediction> djl;
        List<Prediction> nd4j;
        try (Predictor onDjl = crossAttention.newPredictor();
             Predictor onNd4j = crossAttention.newPredictor(Backend.ND4J)) {
            djl = onDjl.predictAll(test);
            nd4j = onNd4j.predictAll(test);
        }
        double maxDifference = 0;
        for (int i = 0; i < test.size(); i++) {
            double[] a = djl.get(i).probabilities();
            double[] b = nd4j.get(i).probabilities();
            for (int c = 0; c < a.length; c++) {
                maxDifference = Math.max(maxDifference, Math.abs(a[c] - b[c]));
            }
        }
        System.out.printf(Locale.ROOT, "%nND4J serves the cross-attention model: largest probability difference from "
                + "DJL %.1e.%nWrote %s and %s in %.0f s.%n", maxDifference, settings.output().resolve("accuracy.png"),
                settings.output().resolve("confusion-matrix.md"), (System.nanoTime() - start) / 1e9);
        return new Report(accuracies, table);
    }

    private static FusionModel fit(String name, FusionStrategy strategy, List<Modality> modalities,
                                   List<MultimodalSample> train, TrainingOptions options) {
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "training %s on %s …", name, modalities);
        System.out.flush();
        FusionModel model = spec(strategy, modalities).train(train, List.of(), options);
        List<EpochMetrics> history = model.provenance().history();
        System.out.printf(Locale.ROOT, " %.1f s, final loss %.3f%n", (System.nanoTime() - start) / 1e9,
                history.get(history.size() - 1).trainingLoss());
        return model;
    }

    private static FusionSpec spec(FusionStrategy strategy, List<Modality> modalities) {
        FusionSpec.Builder builder = FusionSpec.builder().fusion(strategy).head(Head.classification(DemoDataset.LABELS))
                .seed(7);
        for (Modality modality : modalities) {
            builder.modality(modality, modality.equals(Modality.TEXT) ? DemoFeatures.TEXT_WIDTH
                    : modality.equals(Modality.AUDIO) ? DemoFeatures.AUDIO_WIDTH : DemoFeatures.IMAGE_WIDTH);
        }
        if (modalities.size() > 1) {
            builder.modalityDropout(0.2);
        }
        return builder.build();
    }

    private static List<MultimodalSample> only(List<MultimodalSample> samples, Modality modality) {
        return samples.stream().map(s -> MultimodalSample.builder().label(s.label().orElseThrow())
                .put(modality, s.get(modality).orElseThrow()).build()).toList();
    }

    private static List<MultimodalSample> without(List<MultimodalSample> samples, Modality modality) {
        return samples.stream().map(s -> s.without(modality)).toList();
    }
}
