package dev.fusion4j.internal.tensor.djl;

import ai.djl.ndarray.types.DataType;
import ai.djl.training.initializer.Initializer;

/** Parameter values handed to DJL. */
public final class DjlArrays {
    private DjlArrays() {
    }

    /** A DJL parameter initializer that sets exactly {@code values} (row-major). */
    public static Initializer fixedInitializer(float[] values) {
        return (manager, shape, dataType) -> manager.create(values, shape)
                .toType(dataType == null ? DataType.FLOAT32 : dataType, false);
    }
}
