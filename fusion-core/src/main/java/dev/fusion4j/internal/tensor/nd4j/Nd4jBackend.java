package dev.fusion4j.internal.tensor.nd4j;

import dev.fusion4j.internal.tensor.Axes;
import dev.fusion4j.model.BackendUnavailableException;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tensors on ND4J, for inference of a trained model: {@code nd4j-native} on the CPU or
 * {@code nd4j-cuda} on a GPU, whichever the application puts on the classpath. Thread-safe.
 *
 * <p>No ND4J type appears in this class's signatures or fields, so it loads, and {@link #create()}
 * reports a clear error, when ND4J is missing from the classpath.
 */
public final class Nd4jBackend implements TensorBackend {
    private static final String NATIVE_HINT = "the ND4J backend needs org.nd4j:nd4j-native:1.0.0-M2.1 and its "
            + "classifier linux-x86_64 (or an nd4j-cuda artifact for GPUs) on the classpath";

    private final Nd4jArena arena;

    private Nd4jBackend(Nd4jArena arena) {
        this.arena = arena;
    }

    /**
     * The ND4J backend.
     *
     * @throws BackendUnavailableException if ND4J or its native library is missing
     */
    public static Nd4jBackend create() {
        try {
            Nd4j.getBackend();
            Nd4j.scalar(DataType.FLOAT, 0f);
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("cannot load ND4J: " + NATIVE_HINT, e);
        }
        return new Nd4jBackend(null);
    }

    /** A backend whose operations rerun the steps {@code arena} keeps; as thread-safe as the arena. */
    static Nd4jBackend reusing(Nd4jArena arena) {
        return new Nd4jBackend(arena);
    }

    @Override
    public String name() {
        return "nd4j(" + Nd4j.getBackend().getClass().getSimpleName() + ")";
    }

    @Override
    public Tensor fromArray(float[] values, long... shape) {
        long expected = Axes.elementCount(shape);
        if (expected != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + expected
                    + " values, got " + values.length);
        }
        return Nd4jTensor.fromArray(this, values, shape);
    }

    @Override
    public Tensor concat(List<Tensor> tensors, int axis) {
        return Nd4jTensor.concat(this, tensors, axis);
    }

    @Override
    public Tensor stack(List<Tensor> tensors, int axis) {
        return Nd4jTensor.stack(this, tensors, axis);
    }

    /** Where this backend's operations keep their steps; {@code null}: each result is made for one use. */
    Nd4jArena arena() {
        return arena;
    }
}
