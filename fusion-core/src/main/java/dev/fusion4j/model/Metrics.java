package dev.fusion4j.model;

import java.util.Arrays;

/** Evaluation metrics from their textbook definitions. */
final class Metrics {
    private Metrics() {
    }

    /** The share of equal entries. */
    public static double accuracy(int[] predicted, int[] actual) {
        requireSameLength(predicted.length, actual.length);
        int correct = 0;
        for (int i = 0; i < actual.length; i++) {
            correct += predicted[i] == actual[i] ? 1 : 0;
        }
        return (double) correct / actual.length;
    }

    /** {@code m[actual][predicted]} counts. */
    public static int[][] confusionMatrix(int[] predicted, int[] actual, int classes) {
        requireSameLength(predicted.length, actual.length);
        int[][] matrix = new int[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            matrix[actual[i]][predicted[i]]++;
        }
        return matrix;
    }

    /**
     * The unweighted mean over classes of F1 = 2 TP / (2 TP + FP + FN). Classes neither present nor
     * predicted are left out of the mean (scikit-learn counts them as 0 with a warning).
     */
    public static double macroF1(int[][] confusion) {
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < confusion.length; c++) {
            ClassCounts counts = ClassCounts.of(confusion, c);
            if (counts.occurs()) {
                sum += counts.f1();
                counted++;
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }

    /** The true positives, false positives and false negatives of one class. */
    record ClassCounts(int truePositives, int falsePositives, int falseNegatives) {
        /** The counts of class {@code c} in a confusion matrix {@code [actual][predicted]}. */
        static ClassCounts of(int[][] confusion, int c) {
            int tp = confusion[c][c];
            int fn = Arrays.stream(confusion[c]).sum() - tp;
            int fp = 0;
            for (int[] row : confusion) {
                fp += row[c];
            }
            return new ClassCounts(tp, fp - tp, fn);
        }

        /** Whether the class is present or predicted. */
        boolean occurs() {
            return truePositives + falsePositives + falseNegatives > 0;
        }

        /** The samples of the class. */
        int support() {
            return truePositives + falseNegatives;
        }

        /** TP / (TP + FP), 0 when the class is never predicted. */
        double precision() {
            return share(truePositives, truePositives + falsePositives);
        }

        /** TP / (TP + FN), 0 when the class is absent. */
        double recall() {
            return share(truePositives, support());
        }

        /** 2 TP / (2 TP + FP + FN), 0 when the class neither occurs nor is predicted. */
        double f1() {
            return share(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
        }

        private static double share(int part, int whole) {
            return whole == 0 ? 0 : (double) part / whole;
        }
    }

    /**
     * Area under the ROC curve: the probability that a random positive scores above a random
     * negative, ties counting one half (Mann–Whitney U).
     *
     * @throws IllegalArgumentException unless both classes occur
     */
    public static double auroc(double[] scores, boolean[] positive) {
        requireSameLength(scores.length, positive.length);
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPositives = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPositives += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("AUROC needs positives and negatives, got " + positives + " and "
                    + negatives);
        }
        return (rankSumPositives - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }

    public static double meanAbsoluteError(double[] predicted, double[] actual) {
        requireSameLength(predicted.length, actual.length);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs(predicted[i] - actual[i]);
        }
        return sum / actual.length;
    }

    public static double rootMeanSquaredError(double[] predicted, double[] actual) {
        requireSameLength(predicted.length, actual.length);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = predicted[i] - actual[i];
            sum += d * d;
        }
        return Math.sqrt(sum / actual.length);
    }

    private static void requireSameLength(int predicted, int actual) {
        if (predicted != actual) {
            throw new IllegalArgumentException("predicted.length=" + predicted + ", actual.length=" + actual);
        }
        if (actual == 0) {
            throw new IllegalArgumentException("no samples to evaluate");
        }
    }
}
