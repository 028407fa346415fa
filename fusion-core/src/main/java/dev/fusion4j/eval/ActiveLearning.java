package dev.fusion4j.eval;

import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.Prediction;
import dev.fusion4j.model.Predictor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Ranks unlabelled samples by how much labelling them would teach a classifier, most informative
 * first:
 * <ul>
 *   <li>{@link Criterion#ENTROPY}: {@code -Σ p log p} of the fused prediction;
 *   <li>{@link Criterion#MARGIN}: {@code 1 - (p_1 - p_2)}, one minus the gap between the two most
 *       probable classes;
 *   <li>{@link Criterion#DISAGREEMENT}: the mean total-variation distance between the predictions
 *       made from each single modality (pairs of modalities the sample has).
 * </ul>
 */
public final class ActiveLearning {
    /** The uncertainty measures. */
    public enum Criterion { ENTROPY, MARGIN, DISAGREEMENT }

    /** A sample and its score (higher: more informative). */
    public record Ranked(MultimodalSample sample, double score) {
    }

    private ActiveLearning() {
    }

    /**
     * @throws IllegalArgumentException unless the model predicts one class (classification or
     *     embedding head)
     */
    public static List<Ranked> rank(FusionModel model, List<MultimodalSample> unlabelled, Criterion criterion) {
        if (!model.spec().head().predictsClass()) {
            throw new IllegalArgumentException("active learning ranks samples by class probabilities; this model's "
                    + "head is " + model.spec().head() + ", which predicts no class");
        }
        List<Ranked> ranked = new ArrayList<>();
        try (Predictor predictor = model.newPredictor()) {
            List<Prediction> fused = criterion == Criterion.DISAGREEMENT ? null : predictor.predictAll(unlabelled);
            for (int i = 0; i < unlabelled.size(); i++) {
                double score = switch (criterion) {
                    case ENTROPY -> entropy(fused.get(i).probabilities());
                    case MARGIN -> margin(fused.get(i).probabilities());
                    case DISAGREEMENT -> disagreement(model.spec().inputWidths(), predictor, unlabelled.get(i));
                };
                ranked.add(new Ranked(unlabelled.get(i), score));
            }
        }
        ranked.sort(Comparator.comparingDouble(Ranked::score).reversed());
        return ranked;
    }

    static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h;
    }

    static double margin(double[] p) {
        double first = Double.NEGATIVE_INFINITY;
        double second = Double.NEGATIVE_INFINITY;
        for (double v : p) {
            if (v > first) {
                second = first;
                first = v;
            } else if (v > second) {
                second = v;
            }
        }
        return 1 - (first - second);
    }

    private static double disagreement(Map<Modality, Integer> widths, Predictor predictor, MultimodalSample sample) {
        List<double[]> single = new ArrayList<>();
        for (Modality modality : sample.modalities()) {
            if (widths.containsKey(modality)) {
                MultimodalSample only = MultimodalSample.builder().put(modality, sample.get(modality).orElseThrow()).build();
                single.add(predictor.predict(only).probabilities());
            }
        }
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < single.size(); a++) {
            for (int b = a + 1; b < single.size(); b++) {
                double distance = 0;
                for (int c = 0; c < single.get(a).length; c++) {
                    distance += Math.abs(single.get(a)[c] - single.get(b)[c]);
                }
                sum += distance / 2;
                pairs++;
            }
        }
        return pairs == 0 ? 0 : sum / pairs;
    }
}
