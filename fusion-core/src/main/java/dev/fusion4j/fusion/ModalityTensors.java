package dev.fusion4j.fusion;

import dev.fusion4j.internal.tensor.Tensor;

/**
 * One modality of a batch as tensors.
 *
 * @param values {@code [B, T, d]}
 * @param paddingMask {@code [B, T]}, 1 for a real step
 * @param presence {@code [B]}, 1 where the sample has this modality
 */
public record ModalityTensors(Tensor values, Tensor paddingMask, Tensor presence) {

    /** The presence mask as a column {@code [B, 1]}, to broadcast over features. */
    public Tensor presenceColumn() {
        return presence.reshape(-1, 1);
    }
}
