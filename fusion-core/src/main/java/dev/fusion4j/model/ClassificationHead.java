package dev.fusion4j.model;

import dev.fusion4j.data.InvalidLabelException;
import dev.fusion4j.data.Label;
import dev.fusion4j.internal.data.BatchLabels;
import dev.fusion4j.internal.nn.Losses;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.EnumSet;
import java.util.List;

/**
 * One class out of C: a linear layer's logits {@code [B, C]} and their softmax, trained with the
 * class-weighted cross-entropy. After late fusion, whose operator outputs the probabilities
 * itself, there is no output layer and the loss is the negative log-likelihood of those
 * probabilities. Metrics: accuracy (the primary one), macro-F1, the confusion matrix and, with two
 * classes, AUROC of the second.
 */
final class ClassificationHead extends Head {

    ClassificationHead(List<String> labels) {
        super(Kind.CLASSIFICATION, labels, EnumSet.of(Prediction.Part.CLASS, Prediction.Part.PROBABILITIES));
        if (labels.size() < 2) {
            throw new IllegalArgumentException("classification needs at least 2 labels, got " + labels.size());
        }
    }

    @Override
    int lateFusionClasses() {
        return classes();
    }

    @Override
    Tensor loss(Tensor output, BatchLabels labels, TensorBackend backend, Objective objective) {
        Tensor logProbabilities = objective.outputsProbabilities()
                ? Losses.logOfProbabilities(output)
                : Losses.logSoftmax(output);
        return classLoss(logProbabilities, labels, backend, objective, 0, classes());
    }

    @Override
    Prediction decode(float[] output, int row, Objective objective) {
        double[] scores = slice(output, row * classes(), classes());
        return new Prediction(this, objective.outputsProbabilities() ? scores : softmax(scores), null);
    }

    @Override
    void requireLabel(Label label, String sample) {
        requireClass(this, label, sample);
    }

    @Override
    Evaluation metrics(List<Prediction> predictions, List<Label> labels) {
        return classMetrics(this, predictions, labels);
    }

    /**
     * The class-weighted negative log-likelihood of the class columns {@code [offset, offset + C)}
     * of rows {@code width} wide.
     */
    static Tensor classLoss(Tensor logProbabilities, BatchLabels labels, TensorBackend backend, Objective objective,
                            int offset, int width) {
        int[] classes = labels.classes();
        int batch = classes.length;
        float[] targets = new float[batch * width];
        float weightSum = 0;
        for (int b = 0; b < batch; b++) {
            float weight = objective.classWeight(classes[b]);
            targets[b * width + offset + classes[b]] = weight;
            weightSum += weight;
        }
        return Losses.negativeLogLikelihood(logProbabilities, backend.fromArray(targets, batch, width), weightSum);
    }

    /** {@code x} replaced by its softmax, computed stably; returns {@code x}. */
    static double[] softmax(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.exp(x[i] - max);
            sum += x[i];
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= sum;
        }
        return x;
    }

    /** Requires a class label naming one of {@code head}'s classes. */
    static void requireClass(Head head, Label label, String sample) {
        if (!label.isClass() || label.classIndex() >= head.classes()) {
            throw new InvalidLabelException(sample + " has label " + label + "; expected a class index below "
                    + head.classes() + " " + head.names());
        }
    }

    /** Accuracy, macro-F1, the confusion matrix and (two classes, both present) AUROC. */
    static Evaluation classMetrics(Head head, List<Prediction> predictions, List<Label> labels) {
        int n = labels.size();
        int last = head.classes() - 1;
        int[] predicted = new int[n];
        int[] actual = new int[n];
        double[] lastScore = new double[n];
        boolean[] isLast = new boolean[n];
        for (int i = 0; i < n; i++) {
            predicted[i] = predictions.get(i).classIndex();
            actual[i] = labels.get(i).classIndex();
            lastScore[i] = predictions.get(i).probabilities()[last];
            isLast[i] = actual[i] == last;
        }
        int[][] confusion = Metrics.confusionMatrix(predicted, actual, head.classes());
        double auroc = head.classes() == 2 && hasBoth(isLast) ? Metrics.auroc(lastScore, isLast) : Double.NaN;
        return Evaluation.ofClasses(head, n, Metrics.accuracy(predicted, actual), Metrics.macroF1(confusion),
                confusion, auroc);
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
}
