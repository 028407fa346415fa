package dev.fusion4j.internal.nn;

import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.Tensors;

/**
 * The symmetric InfoNCE loss (CLIP) for aligning two modalities in one space. Embeddings are
 * L2-normalised, {@code S = s · A Bᵀ} with the learnable scale {@code s = exp(logScale)}, and
 * {@code loss = (CE(S, I) + CE(Sᵀ, I)) / 2}: each sample's pair is the positive, the batch's other
 * samples the negatives. Every sample of the batch must have both modalities.
 */
public final class ContrastiveLoss {
    private ContrastiveLoss() {
    }

    /** CLIP's initial log scale, {@code log(1 / 0.07)}. */
    public static float initialLogScale() {
        return (float) Math.log(1 / 0.07);
    }

    /**
     * @param a {@code [B, d]} embeddings of the first modality
     * @param b {@code [B, d]} embeddings of the second, row i paired with a's row i
     * @param logScale a scalar tensor {@code [1]}, trained with the rest
     * @return the scalar loss
     */
    public static Tensor infoNce(Tensor a, Tensor b, Tensor logScale) {
        int batch = (int) a.shape()[0];
        Tensor logits = Tensors.l2Normalize(a, -1).matmul(Tensors.transposeLast(Tensors.l2Normalize(b, -1)))
                .mul(logScale.exp());
        float[] eye = new float[batch * batch];
        for (int i = 0; i < batch; i++) {
            eye[i * batch + i] = 1f;
        }
        Tensor identity = a.backend().fromArray(eye, batch, batch);
        Tensor rows = crossEntropyOfDiagonal(logits, identity, batch);
        Tensor columns = crossEntropyOfDiagonal(Tensors.transposeLast(logits), identity, batch);
        return rows.add(columns).mul(0.5f);
    }

    /** The mean over rows i of {@code -log softmax(logits_i)_i}. */
    private static Tensor crossEntropyOfDiagonal(Tensor logits, Tensor identity, int batch) {
        Tensor diagonal = Losses.logSoftmax(logits).mul(identity).sum(-1, false);      // [B]
        return diagonal.sumAll().mul(-1f / batch);
    }
}
