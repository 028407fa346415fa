package dev.fusion4j.internal.fusion;

import dev.fusion4j.internal.data.ModalityBatch;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.List;

/**
 * One modality of a batch as tensors. The one place that says which tensors a modality travels
 * as in a flat list ({@link #packed()}, {@link #unpack}, {@link #packedShapes}).
 *
 * @param values {@code [B, T, d]}
 * @param paddingMask {@code [B, T]}, 1 for a real step
 * @param presence {@code [B]}, 1 where the sample has this modality
 */
public record ModalityTensors(Tensor values, Tensor paddingMask, Tensor presence) {
    /** How many tensors {@link #packed()} holds. */
    public static final int PACKED_SIZE = 3;

    /** The collated tensors of {@code batch} on {@code backend}. */
    public static ModalityTensors of(ModalityBatch batch, TensorBackend backend) {
        return new ModalityTensors(batch.values(backend), batch.paddingMask(backend), batch.presence(backend));
    }

    /** A modality that none of {@code size} samples has: one zero step of {@code width} each. */
    public static ModalityTensors absent(TensorBackend backend, long size, int width) {
        return unpack(packedShapes(size, 1, width).stream().map(backend::zeros).toList(), 0);
    }

    /** The shapes of {@link #packed()} for {@code size} samples of {@code steps} steps of {@code width}. */
    public static List<long[]> packedShapes(long size, long steps, int width) {
        return List.of(new long[] {size, steps, width}, new long[] {size, steps}, new long[] {size});
    }

    /**
     * The modality whose {@link #packed()} tensors start at {@code packed.get(from)}.
     *
     * @throws IndexOutOfBoundsException if the list ends before them
     */
    public static ModalityTensors unpack(List<Tensor> packed, int from) {
        return new ModalityTensors(packed.get(from), packed.get(from + 1), packed.get(from + 2));
    }

    /** Values, padding mask and presence, in this order. */
    public List<Tensor> packed() {
        return List.of(values, paddingMask, presence);
    }

    /** The same masks with other values (a trunk's features, say). */
    public ModalityTensors withValues(Tensor replacement) {
        return new ModalityTensors(replacement, paddingMask, presence);
    }

    /** The presence mask as a column {@code [B, 1]}, to broadcast over features. */
    public Tensor presenceColumn() {
        return presence.reshape(-1, 1);
    }
}
