package dev.fusion4j.model;

import dev.fusion4j.internal.data.BatchLabels;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;

/**
 * Ties a head to its loss, its output post-processing and its validation metric.
 */
final class Objective {
    private final Head head;
    private final boolean outputsProbabilities;
    private final double[] classWeights;
    private final TrainingOptions.RegressionLoss regressionLoss;

    Objective(Head head, boolean outputsProbabilities, double[] classWeights,
              TrainingOptions.RegressionLoss regressionLoss) {
        this.head = head;
        this.outputsProbabilities = outputsProbabilities;
        this.classWeights = classWeights;
        this.regressionLoss = regressionLoss;
    }

    /** An objective for prediction only (no weights). */
    static Objective forPrediction(Head head, boolean outputsProbabilities) {
        return new Objective(head, outputsProbabilities, null, TrainingOptions.RegressionLoss.MSE);
    }

    /** The mean loss of a batch's output against its labels. */
    Tensor loss(Tensor output, BatchLabels labels, TensorBackend backend) {
        int batch = (int) output.size(0);
        int outputs = head.outputs();
        return switch (head.kind()) {
            case CLASSIFICATION -> {
                Tensor logProbabilities = outputsProbabilities
                        ? Losses.logOfProbabilities(output)
                        : Losses.logSoftmax(output);
                yield classLoss(logProbabilities, labels, backend, 0, outputs);
            }
            case EMBEDDING -> {
                // the row is [embedding (outputs), scaled cosines (classes)]: softmax over the cosines only
                int width = outputs + head.classes();
                float[] embeddingColumns = new float[width];
                java.util.Arrays.fill(embeddingColumns, 0, outputs, 1f);
                Tensor cosines = output.maskedFill(backend.fromArray(embeddingColumns, 1, width), -1e9f);
                yield classLoss(Losses.logSoftmax(cosines), labels, backend, outputs, width);
            }
            case MULTI_LABEL -> Losses.binaryCrossEntropy(output, backend.fromArray(labels.values(), batch, outputs));
            case REGRESSION -> regressionLoss == TrainingOptions.RegressionLoss.MSE
                    ? Losses.meanSquaredError(output, backend.fromArray(labels.values(), batch, outputs))
                    : Losses.meanAbsoluteError(output, backend.fromArray(labels.values(), batch, outputs));
        };
    }

    /** Weighted NLL of the class columns {@code [offset, offset + classes)} of each row of width {@code width}. */
    private Tensor classLoss(Tensor logProbabilities, BatchLabels labels, TensorBackend backend, int offset,
                             int width) {
        int[] classes = labels.classes();
        int batch = classes.length;
        float[] targets = new float[batch * width];
        float weightSum = 0;
        for (int b = 0; b < batch; b++) {
            float weight = classWeights == null ? 1f : (float) classWeights[classes[b]];
            targets[b * width + offset + classes[b]] = weight;
            weightSum += weight;
        }
        return Losses.negativeLogLikelihood(logProbabilities, backend.fromArray(targets, batch, width), weightSum);
    }

    /** Turns one row of raw output into a prediction (softmax, sigmoid or identity). */
    Prediction prediction(float[] output, int row) {
        int outputs = head.outputs();
        if (head.kind() == Head.Kind.EMBEDDING) {
            int width = outputs + head.classes();
            double[] embedding = new double[outputs];
            double[] cosines = new double[head.classes()];
            for (int j = 0; j < width; j++) {
                double v = output[row * width + j];
                if (j < outputs) {
                    embedding[j] = v;
                } else {
                    cosines[j - outputs] = v;
                }
            }
            softmax(cosines);
            return new Prediction(head, embedding, cosines);
        }
        double[] scores = new double[outputs];
        for (int c = 0; c < outputs; c++) {
            scores[c] = output[row * outputs + c];
        }
        switch (head.kind()) {
            case CLASSIFICATION -> {
                if (!outputsProbabilities) {
                    softmax(scores);
                }
            }
            case MULTI_LABEL -> {
                for (int c = 0; c < outputs; c++) {
                    scores[c] = 1 / (1 + Math.exp(-scores[c]));
                }
            }
            default -> {
                // regression: values as they are
            }
        }
        return new Prediction(head, scores, scores);
    }

    private static void softmax(double[] x) {
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
    }
}
