package dev.fusion4j.train;

/**
 * What one epoch achieved.
 *
 * @param epoch 1-based
 * @param trainingLoss mean loss over the epoch's mini-batches
 * @param validationLoss mean loss on the validation set, NaN without one
 * @param validationMetric accuracy (classification), macro-F1 (multi-label) or RMSE (regression)
 *     on the validation set, NaN without one
 * @param seconds wall-clock time of the epoch
 */
public record EpochMetrics(int epoch, double trainingLoss, double validationLoss, double validationMetric,
                           double seconds) {
}
