package dev.fusion4j.model;

import dev.fusion4j.tensor.Tensor;
import dev.fusion4j.tensor.TensorBackend;
import dev.fusion4j.tensor.Tensors;

/**
 * The symmetric InfoNCE loss (CLIP) for aligning two modalities in one space. Embeddings are
 * L2-normalised, {@code S = s · A Bᵀ} with the learnable scale {@code s = exp(logScale)}, and
 * {@code loss = (CE(S, I) + CE(Sᵀ, I)) / 2}: each sample's pair is the positive, the batch's other
 * samples the negatives. A pair mask leaves samples that miss either modality out, as anchors and
 * as negatives.
 */
public final class ContrastiveLoss {
    private static final float MASKED = -1e9f;

    private ContrastiveLoss() {
    }

    /** CLIP's initial log scale, {@code log(1 / 0.07)}. */
    public static float initialLogScale() {
        return (float) Math.log(1 / 0.07);
    }

    /**
     * @param a {@code [B, d]} embeddings of the first modality
     * @param b {@code [B, d]} embeddings of the second
     * @param logScale a scalar tensor {@code [1]}, trained with the rest
     * @param pairMask {@code [B]}, 1 where the sample has both modalities (at least one such sample)
     * @return the scalar loss
     */
    public static Tensor infoNce(Tensor a, Tensor b, Tensor logScale, float[] pairMask) {
        TensorBackend backend = a.backend();
        int batch = pairMask.length;
        float valid = 0;
        for (float m : pairMask) {
            valid += m;
        }
        if (valid == 0) {
            throw new IllegalArgumentException("no sample in the batch has both modalities");
        }
        Tensor logits = Tensors.l2Normalize(a, -1).matmul(Tensors.transposeLast(Tensors.l2Normalize(b, -1)))
                .mul(logScale.exp());
        Tensor mask = backend.fromArray(pairMask, batch);
        float[] eye = new float[batch * batch];
        for (int i = 0; i < batch; i++) {
            eye[i * batch + i] = 1f;
        }
        Tensor identity = backend.fromArray(eye, batch, batch);
        Tensor invalidColumns = mask.neg().add(1f).reshape(1, batch);
        Tensor rows = crossEntropyOfDiagonal(logits.maskedFill(invalidColumns, MASKED), identity, mask, valid);
        Tensor columns = crossEntropyOfDiagonal(Tensors.transposeLast(logits).maskedFill(invalidColumns, MASKED),
                identity, mask, valid);
        return rows.add(columns).mul(0.5f);
    }

    private static Tensor crossEntropyOfDiagonal(Tensor logits, Tensor identity, Tensor mask, float valid) {
        Tensor logProbabilities = Losses.logSoftmax(logits);
        Tensor diagonal = logProbabilities.mul(identity).sum(-1, false);      // [B]
        return diagonal.mul(mask).sumAll().mul(-1f / valid);
    }
}
