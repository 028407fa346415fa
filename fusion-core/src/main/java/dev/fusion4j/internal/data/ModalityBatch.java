package dev.fusion4j.internal.data;

import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;

/**
 * One modality of a {@link MultimodalBatch}: values {@code [B, T_max, d]} (vectors have
 * {@code T_max = 1}), a padding mask {@code [B, T_max]} (1 for a real step, 0 for padding) and a
 * presence mask {@code [B]} (1 where the sample has this modality). A missing sample's values and
 * padding mask are all zero. Host memory, immutable: accessors return copies.
 */
public final class ModalityBatch {
    private final Modality modality;
    private final int batchSize;
    private final int maxLength;
    private final int dim;
    private final boolean sequence;
    private final float[] values;
    private final float[] paddingMask;
    private final float[] presence;

    ModalityBatch(Modality modality, int batchSize, int maxLength, int dim, boolean sequence,
                  float[] values, float[] paddingMask, float[] presence) {
        this.modality = modality;
        this.batchSize = batchSize;
        this.maxLength = maxLength;
        this.dim = dim;
        this.sequence = sequence;
        this.values = values;
        this.paddingMask = paddingMask;
        this.presence = presence;
    }

    public Modality modality() {
        return modality;
    }

    /** B, the number of samples. */
    public int batchSize() {
        return batchSize;
    }

    /** T_max, the longest sequence in the batch; 1 for vectors. */
    public int maxLength() {
        return maxLength;
    }

    /** d, the width of every step. */
    public int dim() {
        return dim;
    }

    /** Whether the samples hold sequences rather than vectors. */
    public boolean isSequence() {
        return sequence;
    }

    /** Whether sample {@code index} has this modality. */
    public boolean isPresent(int index) {
        return presence[index] != 0f;
    }

    /** The number of real (unpadded) steps of sample {@code index}; 0 when it is missing. */
    public int length(int index) {
        int length = 0;
        for (int t = 0; t < maxLength; t++) {
            length += (int) paddingMask[index * maxLength + t];
        }
        return length;
    }

    /** A copy of the values, row-major {@code [B, T_max, d]}. */
    public float[] values() {
        return values.clone();
    }

    /** A copy of the padding mask, row-major {@code [B, T_max]}. */
    public float[] paddingMask() {
        return paddingMask.clone();
    }

    /** A copy of the presence mask {@code [B]}. */
    public float[] presence() {
        return presence.clone();
    }

    /** The values as a {@code [B, T_max, d]} tensor of {@code backend}. */
    public Tensor values(TensorBackend backend) {
        return backend.fromArray(values, batchSize, maxLength, dim);
    }

    /** The padding mask as a {@code [B, T_max]} tensor of {@code backend}. */
    public Tensor paddingMask(TensorBackend backend) {
        return backend.fromArray(paddingMask, batchSize, maxLength);
    }

    /** The presence mask as a {@code [B]} tensor of {@code backend}. */
    public Tensor presence(TensorBackend backend) {
        return backend.fromArray(presence, batchSize);
    }

    @Override
    public String toString() {
        return "ModalityBatch[" + modality + ", " + batchSize + " x " + maxLength + " x " + dim + "]";
    }
}
