package dev.fusion4j.internal.tensor.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidFeaturesException;

/** Conversions between the data model and DJL {@link NDArray}s. */
public final class DjlArrays {
    private DjlArrays() {
    }

    /** A DJL parameter initializer that sets exactly {@code values} (row-major). */
    public static Initializer fixedInitializer(float[] values) {
        return (manager, shape, dataType) -> manager.create(values, shape)
                .toType(dataType == null ? DataType.FLOAT32 : dataType, false);
    }

    /** {@code [d]} for a vector, {@code [T, d]} for a sequence, attached to {@code manager}. */
    public static NDArray toNDArray(Features features, NDManager manager) {
        Shape shape = features.isSequence() ? new Shape(features.length(), features.dim()) : new Shape(features.dim());
        return manager.create(features.toArray(), shape);
    }

    /**
     * A vector from a rank-1 array or a sequence from a rank-2 array (converted to float).
     *
     * @throws InvalidFeaturesException for another rank, an empty array or non-finite values
     */
    public static Features toFeatures(NDArray array) {
        Shape shape = array.getShape();
        float[] values = array.toType(DataType.FLOAT32, false).toFloatArray();
        return switch (shape.dimension()) {
            case 1 -> Features.vector(values);
            case 2 -> Features.sequence(values, (int) shape.get(0), (int) shape.get(1));
            default -> throw new InvalidFeaturesException("features need a rank-1 [d] or rank-2 [T, d] array, got shape "
                    + shape);
        };
    }
}
