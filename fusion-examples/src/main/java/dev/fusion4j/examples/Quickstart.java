package dev.fusion4j.examples;

import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.data.SyntheticDatasets;
import dev.fusion4j.model.Charts;
import dev.fusion4j.model.Evaluation;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionStrategy;
import dev.fusion4j.model.Head;
import dev.fusion4j.model.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The README's main job: trains early, intermediate (cross-attention) and late fusion, and each
 * single modality, on a generated two-modality data set ({@link SyntheticDatasets#twoBits}, 15 %
 * of samples missing each modality); prints test
 * accuracy with all modalities and with each one removed, checks that ND4J serves the trained
 * model with the same predictions, and writes a bar chart and the confusion matrix to
 * {@code target/quickstart/}.
 */
public final class Quickstart {
    private static final String[] LABELS = SyntheticDatasets.TWO_BIT_LABELS.toArray(new String[0]);
    private static final double MISSING_RATE = 0.15;

    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/quickstart");
        List<MultimodalSample> train = SyntheticDatasets.twoBits(600, 1, MISSING_RATE);
        List<MultimodalSample> test = SyntheticDatasets.twoBits(300, 2, MISSING_RATE);
        TrainingOptions options = TrainingOptions.builder().epochs(30).learningRate(5e-3f).progress(false).build();

        Map<String, FusionModel> models = new LinkedHashMap<>();
        models.put("early", fit(Fusion.early().standardised(), train, options));
        models.put("cross-attention", fit(Fusion.intermediate().width(16).crossAttention(2, 1), train, options));
        models.put("late (product of experts)", fit(Fusion.late().productOfExperts(), train, options));
        models.put("text only", single(Modality.TEXT, SyntheticDatasets.TEXT_WIDTH, train, options));
        models.put("audio only", single(Modality.AUDIO, SyntheticDatasets.AUDIO_WIDTH, train, options));

        System.out.printf("Test accuracy on %d samples (%d training), 4 classes; text shows one bit of the class, audio the other%n%n", test.size(), train.size());
        System.out.println("| model | all modalities | text missing | audio missing |");
        System.out.println("|---|---|---|---|");
        List<String> names = new ArrayList<>();
        double[] accuracies = new double[models.size()];
        int i = 0;
        for (Map.Entry<String, FusionModel> e : models.entrySet()) {
            FusionModel model = e.getValue();
            double all = model.evaluate(restrict(test, model)).accuracy();
            System.out.printf(Locale.ROOT, "| %s | %.3f | %s | %s |%n", e.getKey(), all,
                    missing(model, test, Modality.TEXT), missing(model, test, Modality.AUDIO));
            names.add(e.getKey());
            accuracies[i++] = all;
        }

        FusionModel best = models.get("cross-attention");
        Evaluation evaluation = best.evaluate(test);
        Files.createDirectories(out);
        Files.writeString(out.resolve("confusion-matrix.md"), evaluation.toMarkdown());
        Charts.barChart(out.resolve("accuracy.png"), "Test accuracy by model", "accuracy", names, accuracies, 1);
        double nd4jAgreement = agreement(best, test);
        System.out.printf(Locale.ROOT, "%nND4J serves the cross-attention model with the same class for %.1f %% of "
                + "the test samples.%nWrote %s and %s%n", 100 * nd4jAgreement, out.resolve("accuracy.png"),
                out.resolve("confusion-matrix.md"));
        models.values().forEach(FusionModel::close);
    }

    private static FusionModel fit(FusionStrategy strategy, List<MultimodalSample> train, TrainingOptions options) {
        return FusionModel.builder()
                .modality(Modality.TEXT, SyntheticDatasets.TEXT_WIDTH)
                .modality(Modality.AUDIO, SyntheticDatasets.AUDIO_WIDTH)
                .fusion(strategy)
                .modalityDropout(0.3)
                .head(Head.classification(LABELS))
                .seed(7)
                .build()
                .fit(train, List.of(), options);
    }

    private static FusionModel single(Modality modality, int width, List<MultimodalSample> train,
                                      TrainingOptions options) {
        return FusionModel.builder()
                .modality(modality, width)
                .fusion(Fusion.early().standardised())
                .head(Head.classification(LABELS))
                .seed(7)
                .build()
                .fit(restrict(train, modality), List.of(), options);
    }

    /** The samples that have the model's modalities, reduced to them. */
    private static List<MultimodalSample> restrict(List<MultimodalSample> samples, FusionModel model) {
        if (model.schema().size() > 1) {
            return samples;
        }
        return restrict(samples, model.schema().modalities().get(0));
    }

    private static List<MultimodalSample> restrict(List<MultimodalSample> samples, Modality modality) {
        List<MultimodalSample> out = new ArrayList<>();
        for (MultimodalSample s : samples) {
            s.get(modality).ifPresent(f -> out.add(MultimodalSample.builder().put(modality, f)
                    .label(s.label().orElseThrow()).build()));
        }
        return out;
    }

    private static String missing(FusionModel model, List<MultimodalSample> test, Modality removed) {
        if (model.schema().size() == 1) {
            return "-";
        }
        List<MultimodalSample> without = new ArrayList<>();
        for (MultimodalSample s : test) {
            if (s.modalities().size() > 1 || !s.has(removed)) {
                without.add(s.has(removed) ? s.without(removed) : s);
            }
        }
        return String.format(Locale.ROOT, "%.3f", model.evaluate(without).accuracy());
    }

    private static double agreement(FusionModel model, List<MultimodalSample> test) {
        var djl = model.predictAll(test);
        var nd4j = model.onNd4j().predictAll(test);
        int same = 0;
        for (int i = 0; i < test.size(); i++) {
            same += djl.get(i).classIndex() == nd4j.get(i).classIndex() ? 1 : 0;
        }
        return same / (double) test.size();
    }
}
