package dev.fusion4j.internal.tensor.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.fusion4j.internal.tensor.Axes;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;

/**
 * A {@link Tensor} over a DJL {@link NDArray} (PyTorch engine). Every result is attached to the
 * backend's {@code NDManager} (in a block's forward pass, the manager of the first input) and freed
 * when it closes, so intermediate results never pile up in the manager of the model's parameters.
 * Operations record gradients inside a DJL {@code GradientCollector}.
 */
public final class DjlTensor implements Tensor {
    private final DjlBackend backend;
    private final NDArray array;

    DjlTensor(DjlBackend backend, NDArray array) {
        this.backend = backend;
        this.array = array;
    }

    /** The wrapped array; it stays owned by its manager. */
    public NDArray ndArray() {
        return array;
    }

    @Override
    public TensorBackend backend() {
        return backend;
    }

    @Override
    public long[] shape() {
        return array.getShape().getShape();
    }

    @Override
    public float[] toFloatArray() {
        return array.toFloatArray();
    }

    @Override
    public Tensor add(Tensor other) {
        return wrap(array.add(unwrap(other)));
    }

    @Override
    public Tensor sub(Tensor other) {
        return wrap(array.sub(unwrap(other)));
    }

    @Override
    public Tensor mul(Tensor other) {
        return wrap(array.mul(unwrap(other)));
    }

    @Override
    public Tensor div(Tensor other) {
        return wrap(array.div(unwrap(other)));
    }

    @Override
    public Tensor ge(Tensor other) {
        return wrap(array.gte(unwrap(other)).toType(DataType.FLOAT32, false));
    }

    @Override
    public Tensor add(float scalar) {
        return wrap(array.add(scalar(scalar)));
    }

    @Override
    public Tensor mul(float scalar) {
        return wrap(array.mul(scalar(scalar)));
    }

    /**
     * {@code value} as a 0-d array in PyTorch's own memory, alive until the pass's manager closes.
     * Not DJL's {@code mul(Number)}: that wraps the number in a Java direct buffer
     * ({@code torch::from_blob}) and closes it at once, while autograd keeps the scalar for the
     * backward pass; once the garbage collector frees the buffer, gradients read freed memory
     * (training then differed from run to run and now and then turned NaN).
     */
    private NDArray scalar(float value) {
        return backend.manager().full(new Shape(), value);
    }

    @Override
    public Tensor matmul(Tensor other) {
        return wrap(array.matMul(unwrap(other)));
    }

    /** PyTorch's {@code linear}: the bias is added inside the product ({@code addmm}), not in a pass of its own. */
    @Override
    public Tensor linear(Tensor weight, Tensor bias) {
        // PyTorch's linear takes W as [out, in]: the transposed view of ours, no copy; the view
        // would belong to the parameter's manager (and outlive the pass): it goes to the pass's
        NDArray transposed = unwrap(weight).transpose();
        transposed.attach(backend.manager());
        return wrap(Linear.linear(array, transposed, unwrap(bias)).singletonOrThrow());
    }

    @Override
    public Tensor exp() {
        return wrap(array.exp());
    }

    @Override
    public Tensor log() {
        return wrap(array.log());
    }

    @Override
    public Tensor sqrt() {
        return wrap(array.sqrt());
    }

    @Override
    public Tensor tanh() {
        return wrap(array.tanh());
    }

    @Override
    public Tensor sigmoid() {
        return wrap(Activation.sigmoid(array));
    }

    @Override
    public Tensor relu() {
        return wrap(Activation.relu(array));
    }

    @Override
    public Tensor gelu() {
        return wrap(Activation.gelu(array));
    }

    @Override
    public Tensor softmax(int axis) {
        return wrap(array.softmax(axis(axis)));
    }

    @Override
    public Tensor reshape(long... shape) {
        return wrap(array.reshape(new Shape(shape)));
    }

    @Override
    public Tensor permute(int... axes) {
        return wrap(array.transpose(axes));
    }

    @Override
    public Tensor sum(int axis, boolean keepDims) {
        return wrap(array.sum(new int[] {axis(axis)}, keepDims));
    }

    @Override
    public Tensor mean(int axis, boolean keepDims) {
        return wrap(array.mean(new int[] {axis(axis)}, keepDims));
    }

    @Override
    public Tensor max(int axis, boolean keepDims) {
        return wrap(array.max(new int[] {axis(axis)}, keepDims));
    }

    @Override
    public Tensor sumAll() {
        return wrap(array.sum());
    }

    @Override
    public Tensor maskedFill(Tensor mask, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("fill value must be finite, got " + value);
        }
        NDArray fill = array.getManager().full(array.getShape(), value);
        NDArray condition = unwrap(mask).eq(1f).broadcast(array.getShape());
        return wrap(NDArrays.where(condition, fill, array));
    }

    /** PyTorch's fused {@code layer_norm}: one pass forward and one backward, instead of eight operations. */
    @Override
    public Tensor layerNorm(Tensor gamma, Tensor beta, float eps) {
        Shape normalised = new Shape(array.getShape().get(array.getShape().dimension() - 1));
        return wrap(LayerNorm.layerNorm(array, normalised, unwrap(gamma), unwrap(beta), eps).singletonOrThrow());
    }

    @Override
    public String toString() {
        return "DjlTensor" + array.getShape();
    }

    private int axis(int axis) {
        return Axes.normalise(axis, array.getShape().dimension());
    }

    /** Results belong to the backend's manager, even when the left operand is a parameter. */
    private Tensor wrap(NDArray result) {
        if (result.getManager() != backend.manager()) {
            result.attach(backend.manager());
        }
        return new DjlTensor(backend, result);
    }

    private NDArray unwrap(Tensor other) {
        if (other instanceof DjlTensor djl) {
            return djl.array;
        }
        throw new IllegalArgumentException("cannot mix a " + backend.name() + " tensor with a "
                + other.backend().name() + " tensor");
    }
}
