package dev.fusion4j.model;

/** Called by {@link FusionModel#fit} after each epoch, on the training thread. */
@FunctionalInterface
public interface TrainingListener {
    void onEpoch(EpochMetrics metrics);
}
