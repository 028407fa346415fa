package dev.fusion4j.train;

/** Called by {@link FusionModel#fit} after each epoch, on the training thread. */
@FunctionalInterface
public interface TrainingListener {
    void onEpoch(EpochMetrics metrics);
}
