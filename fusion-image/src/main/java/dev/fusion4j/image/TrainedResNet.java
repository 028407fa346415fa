package dev.fusion4j.image;

import dev.fusion4j.train.EpochMetrics;
import java.util.List;
import java.util.Map;

/**
 * A built-in {@link ResNet} body trained by a {@link ResNetTrainer}: its layout, its weights
 * (batch-norm statistics included), the preprocessing it was trained for and the training
 * history. Immutable; holds no native memory. Encode with {@link #newEncoder()}, or with
 * {@code ResNetImageEncoder.builder().trained(network)} for other encoder settings (tokens, batch
 * size, device).
 */
public final class TrainedResNet {
    private final ResNet.Depth depth;
    private final double widthMultiplier;
    private final ImagePreprocessor preprocessor;
    private final Map<String, float[]> weights;
    private final List<EpochMetrics> history;
    private final int keptEpoch;

    TrainedResNet(ResNet.Depth depth, double widthMultiplier, ImagePreprocessor preprocessor,
                  Map<String, float[]> weights, List<EpochMetrics> history, int keptEpoch) {
        this.depth = depth;
        this.widthMultiplier = widthMultiplier;
        this.preprocessor = preprocessor;
        this.weights = Map.copyOf(weights);
        this.history = List.copyOf(history);
        this.keptEpoch = keptEpoch;
    }

    public ResNet.Depth depth() {
        return depth;
    }

    public double widthMultiplier() {
        return widthMultiplier;
    }

    /** How images were prepared for the network in training; the encoder uses it too. */
    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /** One entry per epoch run; the validation columns are NaN without validation images. */
    public List<EpochMetrics> history() {
        return history;
    }

    /** The epoch whose weights were kept: the best on validation with early stopping, else the last. */
    public int keptEpoch() {
        return keptEpoch;
    }

    /** A pooled-vector encoder running this body, batch norm folded, with its preprocessing. */
    public ResNetImageEncoder newEncoder() {
        return ResNetImageEncoder.builder().trained(this).build();
    }

    /** The body's parameter values under their DJL names (arrays shared: do not modify). */
    Map<String, float[]> weights() {
        return weights;
    }
}
