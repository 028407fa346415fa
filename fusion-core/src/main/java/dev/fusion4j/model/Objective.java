package dev.fusion4j.model;

import dev.fusion4j.internal.data.BatchLabels;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import dev.fusion4j.train.TrainingOptions;

/**
 * A head in one model: its loss and decoding, with the settings they read. Each {@link Head}
 * reads those of its kind.
 */
final class Objective {
    private final Head head;
    private final boolean outputsProbabilities;
    private final double[] classWeights;
    private final TrainingOptions.RegressionLoss regressionLoss;

    /**
     * @param outputsProbabilities whether the fusion operator outputs class probabilities itself
     *     (late fusion), so that no output layer follows it
     * @param classWeights one weight per class for the class losses, or null for equal weights
     */
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

    boolean outputsProbabilities() {
        return outputsProbabilities;
    }

    /** The weight of class {@code c}: 1 unless class weights were given. */
    float classWeight(int c) {
        return classWeights == null ? 1f : (float) classWeights[c];
    }

    TrainingOptions.RegressionLoss regressionLoss() {
        return regressionLoss;
    }

    /** The mean loss of a batch's output against its labels. */
    Tensor loss(Tensor output, BatchLabels labels, TensorBackend backend) {
        return head.loss(output, labels, backend, this);
    }

    /** Turns one row of raw output into a prediction. */
    Prediction prediction(float[] output, int row) {
        return head.decode(output, row, this);
    }
}
