package dev.fusion4j.internal.nn;

import dev.fusion4j.internal.tensor.Tensor;

/** The training losses, written against {@link Tensor} (differentiable on DJL). */
public final class Losses {
    private static final float LOG_FLOOR = 1e-12f;

    private Losses() {
    }

    /** Log-softmax over the last axis, stable: {@code x - max - log Σ exp(x - max)}. */
    public static Tensor logSoftmax(Tensor logits) {
        Tensor shifted = logits.sub(logits.max(-1, true));
        return shifted.sub(shifted.exp().sum(-1, true).log());
    }

    /**
     * Weighted negative log-likelihood {@code -Σ_b w_{y_b} log p_b[y_b] / Σ_b w_{y_b}}.
     *
     * @param logProbabilities {@code [B, C]}
     * @param weightedTargets {@code [B, C]}: {@code w_{y_b}} at {@code (b, y_b)}, 0 elsewhere
     * @param weightSum {@code Σ_b w_{y_b}}
     */
    public static Tensor negativeLogLikelihood(Tensor logProbabilities, Tensor weightedTargets, float weightSum) {
        return logProbabilities.mul(weightedTargets).sumAll().mul(-1f / weightSum);
    }

    /** {@code log(p + 1e-12)} of probabilities (late fusion's output). */
    public static Tensor logOfProbabilities(Tensor probabilities) {
        return probabilities.add(LOG_FLOOR).log();
    }

    /** Mean binary cross-entropy with logits: {@code max(x, 0) - x y + log(1 + exp(-|x|))}. */
    public static Tensor binaryCrossEntropy(Tensor logits, Tensor targets) {
        Tensor absolute = logits.relu().add(logits.neg().relu());
        Tensor loss = logits.relu().sub(logits.mul(targets)).add(absolute.neg().exp().add(1f).log());
        return meanAll(loss);
    }

    /** Mean squared error. */
    public static Tensor meanSquaredError(Tensor predictions, Tensor targets) {
        Tensor difference = predictions.sub(targets);
        return meanAll(difference.mul(difference));
    }

    /** Mean absolute error. */
    public static Tensor meanAbsoluteError(Tensor predictions, Tensor targets) {
        Tensor difference = predictions.sub(targets);
        return meanAll(difference.relu().add(difference.neg().relu()));
    }

    private static Tensor meanAll(Tensor x) {
        long count = 1;
        for (long size : x.shape()) {
            count *= size;
        }
        return x.sumAll().mul(1f / count);
    }
}
