package dev.fusion4j.model;

import dev.fusion4j.data.Label;
import dev.fusion4j.internal.data.BatchLabels;
import dev.fusion4j.internal.nn.Losses;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import dev.fusion4j.train.TrainingOptions;
import java.util.EnumSet;
import java.util.List;

/**
 * Named real values: a linear layer's output {@code [B, outputs]} as it is, trained with the mean
 * squared or the mean absolute error ({@link TrainingOptions.RegressionLoss}). Metrics: MAE and
 * RMSE (the primary one; lower is better).
 */
final class RegressionHead extends Head {

    RegressionHead(List<String> outputs) {
        super(Kind.REGRESSION, outputs, EnumSet.of(Prediction.Part.VALUES));
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("regression needs at least 1 output");
        }
    }

    @Override
    Tensor loss(Tensor output, BatchLabels labels, TensorBackend backend, Objective objective) {
        Tensor targets = valueTargets(labels, backend);
        return objective.regressionLoss() == TrainingOptions.RegressionLoss.MSE
                ? Losses.meanSquaredError(output, targets)
                : Losses.meanAbsoluteError(output, targets);
    }

    @Override
    Prediction decode(float[] output, int row, Objective objective) {
        return new Prediction(this, null, slice(output, row * outputs(), outputs()));
    }

    @Override
    void requireLabel(Label label, String sample) {
        requireValues(label, sample);
    }

    @Override
    Evaluation metrics(List<Prediction> predictions, List<Label> labels) {
        int n = labels.size();
        double[] predicted = new double[n * outputs()];
        double[] actual = new double[n * outputs()];
        for (int i = 0; i < n; i++) {
            double[] values = predictions.get(i).values();
            float[] target = labels.get(i).values();
            for (int j = 0; j < outputs(); j++) {
                predicted[i * outputs() + j] = values[j];
                actual[i * outputs() + j] = target[j];
            }
        }
        return Evaluation.ofValues(this, n, Metrics.meanAbsoluteError(predicted, actual),
                Metrics.rootMeanSquaredError(predicted, actual));
    }
}
