package dev.fusion4j.train;

/**
 * Called by {@link dev.fusion4j.model.FusionSpec#train} and {@link dev.fusion4j.model.FusionModel#fit}
 * after each epoch, on the training thread.
 */
@FunctionalInterface
public interface TrainingListener {
    void onEpoch(EpochMetrics metrics);
}
