package dev.fusion4j.model;

import dev.fusion4j.data.Label;
import dev.fusion4j.data.MultimodalSample;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A model's metrics on labelled samples: accuracy, macro-F1, confusion matrix and (two classes)
 * AUROC for classification; macro-F1 at 0.5 for multi-label; MAE and RMSE for regression.
 * Immutable.
 */
public final class Evaluation {
    private final Head head;
    private final int samples;
    private final double accuracy;
    private final double macroF1;
    private final int[][] confusion;
    private final double auroc;
    private final double mae;
    private final double rmse;

    private Evaluation(Head head, int samples, double accuracy, double macroF1, int[][] confusion, double auroc,
                       double mae, double rmse) {
        this.head = head;
        this.samples = samples;
        this.accuracy = accuracy;
        this.macroF1 = macroF1;
        this.confusion = confusion;
        this.auroc = auroc;
        this.mae = mae;
        this.rmse = rmse;
    }

    /** Evaluates predictions against the samples' labels (same order). */
    static Evaluation of(Head head, List<Prediction> predictions, List<MultimodalSample> samples) {
        int n = samples.size();
        switch (head.kind()) {
            case CLASSIFICATION, EMBEDDING -> {
                int[] predicted = new int[n];
                int[] actual = new int[n];
                double[] positiveScore = new double[n];
                boolean[] positive = new boolean[n];
                for (int i = 0; i < n; i++) {
                    predicted[i] = predictions.get(i).classIndex();
                    actual[i] = label(samples.get(i)).classIndex();
                    positiveScore[i] = predictions.get(i).probabilities()[head.classes() - 1];
                    positive[i] = actual[i] == head.classes() - 1;
                }
                int[][] confusion = Metrics.confusionMatrix(predicted, actual, head.classes());
                double auroc = head.classes() == 2 && hasBoth(positive) ? Metrics.auroc(positiveScore, positive) : Double.NaN;
                return new Evaluation(head, n, Metrics.accuracy(predicted, actual), Metrics.macroF1(confusion),
                        confusion, auroc, Double.NaN, Double.NaN);
            }
            case MULTI_LABEL -> {
                double f1 = 0;
                for (int l = 0; l < head.outputs(); l++) {
                    int[] predicted = new int[n];
                    int[] actual = new int[n];
                    for (int i = 0; i < n; i++) {
                        predicted[i] = predictions.get(i).probabilities()[l] >= 0.5 ? 1 : 0;
                        actual[i] = label(samples.get(i)).values()[l] >= 0.5f ? 1 : 0;
                    }
                    int[][] c = Metrics.confusionMatrix(predicted, actual, 2);
                    int tp = c[1][1];
                    int denominator = 2 * tp + c[0][1] + c[1][0];
                    f1 += denominator == 0 ? 1 : 2.0 * tp / denominator;
                }
                return new Evaluation(head, n, Double.NaN, f1 / head.outputs(), null, Double.NaN, Double.NaN,
                        Double.NaN);
            }
            default -> {
                double[] predicted = new double[n * head.outputs()];
                double[] actual = new double[n * head.outputs()];
                for (int i = 0; i < n; i++) {
                    double[] values = predictions.get(i).values();
                    float[] target = label(samples.get(i)).values();
                    for (int j = 0; j < head.outputs(); j++) {
                        predicted[i * head.outputs() + j] = values[j];
                        actual[i * head.outputs() + j] = target[j];
                    }
                }
                return new Evaluation(head, n, Double.NaN, Double.NaN, null, Double.NaN,
                        Metrics.meanAbsoluteError(predicted, actual), Metrics.rootMeanSquaredError(predicted, actual));
            }
        }
    }

    private static boolean hasBoth(boolean[] positive) {
        boolean any = false;
        boolean all = true;
        for (boolean p : positive) {
            any |= p;
            all &= p;
        }
        return any && !all;
    }

    private static Label label(MultimodalSample sample) {
        return sample.label().orElseThrow(() -> new IllegalArgumentException("sample "
                + sample.id().orElse("without id") + " has no label to evaluate against"));
    }

    public int samples() {
        return samples;
    }

    /** Accuracy (classification), NaN otherwise. */
    public double accuracy() {
        return accuracy;
    }

    /** Macro-F1 (classification, multi-label), NaN for regression. */
    public double macroF1() {
        return macroF1;
    }

    /** A copy of the confusion matrix {@code [actual][predicted]} (classification). */
    public int[][] confusionMatrix() {
        if (confusion == null) {
            throw new IllegalStateException("a " + head.kind() + " has no confusion matrix");
        }
        return Arrays.stream(confusion).map(int[]::clone).toArray(int[][]::new);
    }

    /** AUROC of the second class (binary classification with both classes present), NaN otherwise. */
    public double auroc() {
        return auroc;
    }

    /** Mean absolute error (regression), NaN otherwise. */
    public double meanAbsoluteError() {
        return mae;
    }

    /** Root mean squared error (regression), NaN otherwise. */
    public double rootMeanSquaredError() {
        return rmse;
    }

    /** The headline metric: accuracy, macro-F1 (multi-label) or RMSE (regression). */
    public double primaryMetric() {
        return switch (head.kind()) {
            case CLASSIFICATION, EMBEDDING -> accuracy;
            case MULTI_LABEL -> macroF1;
            case REGRESSION -> rmse;
        };
    }

    /** Whether a larger {@link #primaryMetric()} is better (false for RMSE). */
    public boolean higherIsBetter() {
        return head.kind() != Head.Kind.REGRESSION;
    }

    /** The name of {@link #primaryMetric()}. */
    public String primaryMetricName() {
        return switch (head.kind()) {
            case CLASSIFICATION, EMBEDDING -> "accuracy";
            case MULTI_LABEL -> "macro-F1";
            case REGRESSION -> "RMSE";
        };
    }

    /** A Markdown summary, with the confusion matrix for classification. */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("| metric | value |\n|---|---|\n");
        out.append(row("samples", samples));
        if (head.kind() == Head.Kind.CLASSIFICATION || head.kind() == Head.Kind.EMBEDDING) {
            out.append(row("accuracy", accuracy)).append(row("macro-F1", macroF1));
            if (!Double.isNaN(auroc)) {
                out.append(row("AUROC", auroc));
            }
            out.append("\n| actual \\ predicted | ").append(String.join(" | ", head.names())).append(" |\n|---|");
            out.append("---|".repeat(head.classes())).append('\n');
            for (int a = 0; a < head.classes(); a++) {
                out.append("| ").append(head.names().get(a)).append(" |");
                for (int p = 0; p < head.classes(); p++) {
                    out.append(' ').append(confusion[a][p]).append(" |");
                }
                out.append('\n');
            }
        } else if (head.kind() == Head.Kind.MULTI_LABEL) {
            out.append(row("macro-F1", macroF1));
        } else {
            out.append(row("MAE", mae)).append(row("RMSE", rmse));
        }
        return out.toString();
    }

    private static String row(String name, double value) {
        return String.format(Locale.ROOT, "| %s | %.4f |%n", name, value);
    }

    private static String row(String name, int value) {
        return "| " + name + " | " + value + " |\n";
    }
}
