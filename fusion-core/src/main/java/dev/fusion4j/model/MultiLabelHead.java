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
 * Any subset of L labels: a linear layer's logits {@code [B, L]}, each label's probability their
 * sigmoid, trained with the mean binary cross-entropy against 0/1 targets. Metric: the mean over
 * labels of F1 at probability 0.5 (a label neither present nor predicted counts 1).
 */
final class MultiLabelHead extends Head {

    MultiLabelHead(List<String> labels) {
        super(Kind.MULTI_LABEL, labels, EnumSet.of(Prediction.Part.PROBABILITIES, Prediction.Part.LABELS));
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("multi-label classification needs at least 1 label");
        }
    }

    @Override
    Tensor loss(Tensor output, BatchLabels labels, TensorBackend backend, Objective objective) {
        Tensor targets = valueTargets(labels, backend);
        return Losses.binaryCrossEntropy(output, targets);
    }

    @Override
    Prediction decode(float[] output, int row, Objective objective) {
        double[] probabilities = slice(output, row * outputs(), outputs());
        for (int j = 0; j < probabilities.length; j++) {
            probabilities[j] = 1 / (1 + Math.exp(-probabilities[j]));
        }
        return new Prediction(this, probabilities, null);
    }

    @Override
    void requireLabel(Label label, String sample) {
        requireValues(label, sample);
        float[] values = label.values();
        for (int j = 0; j < values.length; j++) {
            if (values[j] != 0f && values[j] != 1f) {
                throw new InvalidLabelException(sample + " has target " + values[j] + " for label '"
                        + names().get(j) + "'; multi-label targets are 0 or 1");
            }
        }
    }

    @Override
    Evaluation metrics(List<Prediction> predictions, List<Label> labels) {
        int n = labels.size();
        double f1 = 0;
        for (int l = 0; l < outputs(); l++) {
            int[] predicted = new int[n];
            int[] actual = new int[n];
            for (int i = 0; i < n; i++) {
                predicted[i] = predictions.get(i).probabilities()[l] >= 0.5 ? 1 : 0;
                actual[i] = labels.get(i).values()[l] >= 0.5f ? 1 : 0;
            }
            int[][] c = Metrics.confusionMatrix(predicted, actual, 2);
            int tp = c[1][1];
            int denominator = 2 * tp + c[0][1] + c[1][0];
            f1 += denominator == 0 ? 1 : 2.0 * tp / denominator;
        }
        return Evaluation.ofLabels(this, n, f1 / outputs());
    }
}
