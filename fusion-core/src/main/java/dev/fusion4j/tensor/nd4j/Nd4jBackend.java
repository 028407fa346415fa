package dev.fusion4j.tensor.nd4j;

import dev.fusion4j.tensor.Axes;
import dev.fusion4j.tensor.BackendUnavailableException;
import dev.fusion4j.tensor.Tensor;
import dev.fusion4j.tensor.TensorBackend;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tensors on ND4J, for inference of a trained model: {@code nd4j-native} on the CPU or
 * {@code nd4j-cuda} on a GPU, whichever the application puts on the classpath. Thread-safe.
 */
public final class Nd4jBackend implements TensorBackend {
    private static final String NATIVE_HINT = "the ND4J backend needs org.nd4j:nd4j-native:1.0.0-M2.1 and its "
            + "classifier linux-x86_64 (or an nd4j-cuda artifact for GPUs) on the classpath";

    private Nd4jBackend() {
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
        return new Nd4jBackend();
    }

    /** Wraps an array (converted to a C-ordered float array if it is not one). */
    public Nd4jTensor wrap(INDArray array) {
        INDArray floats = array.dataType() == DataType.FLOAT ? array : array.castTo(DataType.FLOAT);
        return new Nd4jTensor(this, floats);
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
        INDArray array = shape.length == 0
                ? Nd4j.scalar(DataType.FLOAT, values[0])
                : Nd4j.create(values.clone(), shape, 'c');
        return new Nd4jTensor(this, array);
    }

    @Override
    public Tensor concat(List<Tensor> tensors, int axis) {
        INDArray[] arrays = arrays(tensors);
        return new Nd4jTensor(this, Nd4j.concat(Axes.normalise(axis, arrays[0].rank()), arrays));
    }

    @Override
    public Tensor stack(List<Tensor> tensors, int axis) {
        INDArray[] arrays = arrays(tensors);
        return new Nd4jTensor(this, Nd4j.stack(Axes.normalise(axis, arrays[0].rank() + 1), arrays));
    }

    private INDArray[] arrays(List<Tensor> tensors) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("need at least one tensor");
        }
        INDArray[] arrays = new INDArray[tensors.size()];
        for (int i = 0; i < arrays.length; i++) {
            if (!(tensors.get(i) instanceof Nd4jTensor nd4j)) {
                throw new IllegalArgumentException("cannot mix an nd4j tensor with a "
                        + tensors.get(i).backend().name() + " tensor");
            }
            arrays[i] = nd4j.indArray();
        }
        return arrays;
    }
}
