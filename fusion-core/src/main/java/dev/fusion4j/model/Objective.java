package dev.fusion4j.model;

import dev.fusion4j.FusionException;
import dev.fusion4j.data.BatchLabels;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.tensor.Tensor;
import dev.fusion4j.tensor.TensorBackend;
import java.util.List;

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

    /**
     * Checks every sample has a label of the head's kind and range.
     *
     * @throws FusionException naming the first sample that does not
     */
    void requireLabels(List<MultimodalSample> samples, String set) {
        for (int i = 0; i < samples.size(); i++) {
            MultimodalSample sample = samples.get(i);
            String name = "sample " + sample.id().map(id -> "'" + id + "'").orElse("#" + i) + " of the " + set + " set";
            Label label = sample.label().orElseThrow(() -> new FusionException(name + " has no label"));
            switch (head.kind()) {
                case CLASSIFICATION -> {
                    if (!label.isClass() || label.classIndex() >= head.outputs()) {
                        throw new FusionException(name + " has label " + label + "; expected a class index below "
                                + head.outputs() + " " + head.names());
                    }
                }
                case MULTI_LABEL, REGRESSION -> {
                    if (label.isClass() || label.size() != head.outputs()) {
                        throw new FusionException(name + " has label " + label + "; expected " + head.outputs()
                                + " values " + head.names());
                    }
                }
            }
        }
    }

    /** The mean loss of a batch's output against its labels. */
    Tensor loss(Tensor output, BatchLabels labels, TensorBackend backend) {
        int batch = (int) output.size(0);
        int outputs = head.outputs();
        return switch (head.kind()) {
            case CLASSIFICATION -> {
                int[] classes = labels.classes();
                float[] targets = new float[batch * outputs];
                float weightSum = 0;
                for (int b = 0; b < batch; b++) {
                    float weight = classWeights == null ? 1f : (float) classWeights[classes[b]];
                    targets[b * outputs + classes[b]] = weight;
                    weightSum += weight;
                }
                Tensor logProbabilities = outputsProbabilities
                        ? Losses.logOfProbabilities(output)
                        : Losses.logSoftmax(output);
                yield Losses.negativeLogLikelihood(logProbabilities, backend.fromArray(targets, batch, outputs), weightSum);
            }
            case MULTI_LABEL -> Losses.binaryCrossEntropy(output, backend.fromArray(labels.values(), batch, outputs));
            case REGRESSION -> regressionLoss == TrainingOptions.RegressionLoss.MSE
                    ? Losses.meanSquaredError(output, backend.fromArray(labels.values(), batch, outputs))
                    : Losses.meanAbsoluteError(output, backend.fromArray(labels.values(), batch, outputs));
        };
    }

    /** Turns one row of raw output into a prediction (softmax, sigmoid or identity). */
    Prediction prediction(float[] output, int row) {
        int outputs = head.outputs();
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
            case REGRESSION -> {
                // values as they are
            }
        }
        return new Prediction(head, scores);
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
