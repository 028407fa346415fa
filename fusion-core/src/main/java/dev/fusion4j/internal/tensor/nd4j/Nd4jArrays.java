package dev.fusion4j.internal.tensor.nd4j;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidFeaturesException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between the data model and ND4J {@link INDArray}s. */
public final class Nd4jArrays {
    private Nd4jArrays() {
    }

    /** {@code [d]} for a vector, {@code [T, d]} for a sequence. */
    public static INDArray toINDArray(Features features) {
        long[] shape = features.isSequence()
                ? new long[] {features.length(), features.dim()}
                : new long[] {features.dim()};
        return Nd4j.create(features.toArray(), shape, 'c');
    }

    /**
     * A vector from a rank-1 array or a sequence from a rank-2 array (converted to float).
     *
     * @throws InvalidFeaturesException for another rank, an empty array or non-finite values
     */
    public static Features toFeatures(INDArray array) {
        long[] shape = array.shape();
        float[] values = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
        return switch (shape.length) {
            case 1 -> Features.vector(values);
            case 2 -> Features.sequence(values, (int) shape[0], (int) shape[1]);
            default -> throw new InvalidFeaturesException("features need a rank-1 [d] or rank-2 [T, d] array, got shape "
                    + Arrays.toString(shape));
        };
    }

    /** Wraps an array as a tensor of {@code backend} (converted to float if it is not). */
    public static Nd4jTensor toTensor(Nd4jBackend backend, INDArray array) {
        return Nd4jTensor.of(backend, array);
    }
}
