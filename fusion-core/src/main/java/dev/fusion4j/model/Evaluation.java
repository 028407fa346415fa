package dev.fusion4j.model;

import dev.fusion4j.data.MultimodalSample;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

/**
 * A model's metrics on labelled samples: accuracy, macro-F1, confusion matrix, per-class
 * {@link ClassificationReport} and (two classes) AUROC for classification; macro-F1 at 0.5 for
 * multi-label; MAE and RMSE for regression. Immutable.
 */
public final class Evaluation {
    /** The headline metric of a head kind, and which direction is better. */
    private enum Primary {
        ACCURACY("accuracy", true, Evaluation::accuracy),
        MACRO_F1("macro-F1", true, Evaluation::macroF1),
        RMSE("RMSE", false, Evaluation::rootMeanSquaredError);

        private final String label;
        private final boolean higherIsBetter;
        private final ToDoubleFunction<Evaluation> value;

        Primary(String label, boolean higherIsBetter, ToDoubleFunction<Evaluation> value) {
            this.label = label;
            this.higherIsBetter = higherIsBetter;
            this.value = value;
        }
    }

    private final Head head;
    private final int samples;
    private final double accuracy;
    private final double macroF1;
    private final int[][] confusion;
    private final double auroc;
    private final double mae;
    private final double rmse;
    private final Primary primary;

    private Evaluation(Head head, int samples, double accuracy, double macroF1, int[][] confusion, double auroc,
                       double mae, double rmse, Primary primary) {
        this.head = head;
        this.samples = samples;
        this.accuracy = accuracy;
        this.macroF1 = macroF1;
        this.confusion = confusion;
        this.auroc = auroc;
        this.mae = mae;
        this.rmse = rmse;
        this.primary = primary;
    }

    /** Evaluates predictions against the samples' labels (same order), by the head's own metrics. */
    static Evaluation of(Head head, List<Prediction> predictions, List<MultimodalSample> samples) {
        return head.evaluate(predictions, samples);
    }

    /** Metrics of one-class predictions; accuracy is the primary one. */
    static Evaluation ofClasses(Head head, int samples, double accuracy, double macroF1, int[][] confusion,
                                double auroc) {
        return new Evaluation(head, samples, accuracy, macroF1, confusion, auroc, Double.NaN, Double.NaN,
                Primary.ACCURACY);
    }

    /** Metrics of independent labels: macro-F1 only. */
    static Evaluation ofLabels(Head head, int samples, double macroF1) {
        return new Evaluation(head, samples, Double.NaN, macroF1, null, Double.NaN, Double.NaN, Double.NaN,
                Primary.MACRO_F1);
    }

    /** Metrics of values; RMSE is the primary one. */
    static Evaluation ofValues(Head head, int samples, double mae, double rmse) {
        return new Evaluation(head, samples, Double.NaN, Double.NaN, null, Double.NaN, mae, rmse, Primary.RMSE);
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

    /**
     * Precision, recall, F1 and support per class, with their averages (classification).
     *
     * @throws IllegalStateException for a head without classes to confuse
     */
    public ClassificationReport classificationReport() {
        if (confusion == null) {
            throw new IllegalStateException("a " + head.kind() + " has no classification report");
        }
        return new ClassificationReport(confusion, head.names());
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
        return primary.value.applyAsDouble(this);
    }

    /** Whether a larger {@link #primaryMetric()} is better (false for RMSE). */
    public boolean higherIsBetter() {
        return primary.higherIsBetter;
    }

    /** The name of {@link #primaryMetric()}. */
    public String primaryMetricName() {
        return primary.label;
    }

    /** A Markdown summary of the metrics the head has, with the confusion matrix for classes. */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("| metric | value |\n|---|---|\n");
        out.append(row("samples", samples));
        String[] names = {"accuracy", "macro-F1", "AUROC", "MAE", "RMSE"};
        double[] values = {accuracy, macroF1, auroc, mae, rmse};
        for (int i = 0; i < names.length; i++) {
            if (!Double.isNaN(values[i])) {
                out.append(row(names[i], values[i]));
            }
        }
        if (confusion != null) {
            out.append("\n| actual \\ predicted | ").append(String.join(" | ", head.names())).append(" |\n|---|");
            out.append("---|".repeat(head.classes())).append('\n');
            for (int a = 0; a < head.classes(); a++) {
                out.append("| ").append(head.names().get(a)).append(" |");
                for (int p = 0; p < head.classes(); p++) {
                    out.append(' ').append(confusion[a][p]).append(" |");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String row(String name, double value) {
        return String.format(Locale.ROOT, "| %s | %.4f |%n", name, value);
    }

    private static String row(String name, int value) {
        return "| " + name + " | " + value + " |\n";
    }

    /**
     * Precision, recall, F1 and support per class, with their macro and weighted averages and the
     * accuracy, as scikit-learn's {@code classification_report} gives them. A class never
     * predicted has precision 0, one absent from the samples recall 0; the macro average is over
     * the classes present or predicted (so its F1 is {@link Evaluation#macroF1()}), the weighted
     * one weighs each class by its support. Immutable.
     *
     * <pre>{@code
     * System.out.println(predictor.evaluate(test).classificationReport().toMarkdown());
     * }</pre>
     */
    public static final class ClassificationReport {
        /** One row of the report; an average's support is the number of samples. */
        public record Scores(double precision, double recall, double f1, int support) {
        }

        private final List<String> classNames;
        private final List<Scores> perClass;
        private final Scores macroAverage;
        private final Scores weightedAverage;
        private final double accuracy;

        private ClassificationReport(int[][] confusion, List<String> classNames) {
            this.classNames = List.copyOf(classNames);
            List<Metrics.ClassCounts> counts = IntStream.range(0, confusion.length)
                    .mapToObj(c -> Metrics.ClassCounts.of(confusion, c)).toList();
            this.perClass = counts.stream()
                    .map(k -> new Scores(k.precision(), k.recall(), k.f1(), k.support())).toList();
            int samples = counts.stream().mapToInt(Metrics.ClassCounts::support).sum();
            this.macroAverage = average(counts, k -> k.occurs() ? 1 : 0, samples);
            this.weightedAverage = average(counts, Metrics.ClassCounts::support, samples);
            this.accuracy = counts.stream().mapToInt(Metrics.ClassCounts::truePositives).sum() / (double) samples;
        }

        /** The mean of the per-class scores under the given weights; its support is all samples. */
        private Scores average(List<Metrics.ClassCounts> counts, ToIntFunction<Metrics.ClassCounts> weight,
                               int samples) {
            double total = 0;
            double precision = 0;
            double recall = 0;
            double f1 = 0;
            for (int c = 0; c < counts.size(); c++) {
                int w = weight.applyAsInt(counts.get(c));
                total += w;
                precision += w * perClass.get(c).precision();
                recall += w * perClass.get(c).recall();
                f1 += w * perClass.get(c).f1();
            }
            return new Scores(precision / total, recall / total, f1 / total, samples);
        }

        /**
         * The report of predicted against actual class indices.
         *
         * @param classNames the name of each class index
         * @throws IllegalArgumentException for no samples, arrays of different lengths, or an index
         *                                  outside the classes
         */
        public static ClassificationReport of(int[] predicted, int[] actual, List<String> classNames) {
            for (int[] indices : List.of(predicted, actual)) {
                for (int i = 0; i < indices.length; i++) {
                    if (indices[i] < 0 || indices[i] >= classNames.size()) {
                        throw new IllegalArgumentException((indices == predicted ? "predicted" : "actual") + "[" + i
                                + "] = " + indices[i] + " is not a class index of " + classNames);
                    }
                }
            }
            return new ClassificationReport(Metrics.confusionMatrix(predicted, actual, classNames.size()),
                    classNames);
        }

        /** The class names, in class-index order. */
        public List<String> classNames() {
            return classNames;
        }

        /** The scores of each class, in class-index order. */
        public List<Scores> perClass() {
            return perClass;
        }

        /** The unweighted mean over the classes present or predicted. */
        public Scores macroAverage() {
            return macroAverage;
        }

        /** The mean weighted by each class's support. */
        public Scores weightedAverage() {
            return weightedAverage;
        }

        /** The share of samples predicted correctly. */
        public double accuracy() {
            return accuracy;
        }

        /** A Markdown table: a row per class, then accuracy and the two averages. */
        public String toMarkdown() {
            StringBuilder out = new StringBuilder("| class | precision | recall | F1 | support |\n"
                    + "|---|---|---|---|---|\n");
            for (int c = 0; c < perClass.size(); c++) {
                out.append(row(classNames.get(c), perClass.get(c)));
            }
            out.append(String.format(Locale.ROOT, "| accuracy | | | %.4f | %d |\n", accuracy, macroAverage.support()));
            return out.append(row("macro avg", macroAverage)).append(row("weighted avg", weightedAverage)).toString();
        }

        private static String row(String name, Scores scores) {
            return String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %d |\n", name, scores.precision(),
                    scores.recall(), scores.f1(), scores.support());
        }
    }
}
