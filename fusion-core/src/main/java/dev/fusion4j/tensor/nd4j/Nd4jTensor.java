package dev.fusion4j.tensor.nd4j;

import dev.fusion4j.tensor.Axes;
import dev.fusion4j.tensor.Tensor;
import dev.fusion4j.tensor.TensorBackend;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A {@link Tensor} over an ND4J {@link INDArray} (C order, float). Inference only: ND4J arrays
 * record no gradients here. Arrays are freed by the garbage collector.
 */
public final class Nd4jTensor implements Tensor {
    private static final double SQRT_2 = Math.sqrt(2.0);

    private final Nd4jBackend backend;
    private final INDArray array;

    Nd4jTensor(Nd4jBackend backend, INDArray array) {
        this.backend = backend;
        this.array = array;
    }

    static Nd4jTensor of(Nd4jBackend backend, float[] values, long[] shape) {
        INDArray array = shape.length == 0
                ? Nd4j.scalar(DataType.FLOAT, values[0])
                : Nd4j.create(values.clone(), shape, 'c');
        return new Nd4jTensor(backend, array);
    }

    static Nd4jTensor of(Nd4jBackend backend, INDArray array) {
        return new Nd4jTensor(backend, array.dataType() == DataType.FLOAT ? array : array.castTo(DataType.FLOAT));
    }

    static Tensor concat(Nd4jBackend backend, List<Tensor> tensors, int axis) {
        INDArray[] arrays = unwrapAll(tensors);
        return new Nd4jTensor(backend, Nd4j.concat(Axes.normalise(axis, arrays[0].rank()), arrays));
    }

    static Tensor stack(Nd4jBackend backend, List<Tensor> tensors, int axis) {
        INDArray[] arrays = unwrapAll(tensors);
        return new Nd4jTensor(backend, Nd4j.stack(Axes.normalise(axis, arrays[0].rank() + 1), arrays));
    }

    private static INDArray[] unwrapAll(List<Tensor> tensors) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("need at least one tensor");
        }
        INDArray[] arrays = new INDArray[tensors.size()];
        for (int i = 0; i < arrays.length; i++) {
            if (!(tensors.get(i) instanceof Nd4jTensor nd4j)) {
                throw new IllegalArgumentException("cannot mix an nd4j tensor with a "
                        + tensors.get(i).backend().name() + " tensor");
            }
            arrays[i] = nd4j.array;
        }
        return arrays;
    }

    /** The wrapped array. */
    public INDArray indArray() {
        return array;
    }

    @Override
    public TensorBackend backend() {
        return backend;
    }

    @Override
    public long[] shape() {
        return array.shape().clone();
    }

    @Override
    public float[] toFloatArray() {
        return array.dup('c').data().asFloat();
    }

    @Override
    public Tensor add(Tensor other) {
        INDArray[] pair = broadcastPair(other);
        return wrap(pair[0].add(pair[1]));
    }

    @Override
    public Tensor sub(Tensor other) {
        INDArray[] pair = broadcastPair(other);
        return wrap(pair[0].sub(pair[1]));
    }

    @Override
    public Tensor mul(Tensor other) {
        INDArray[] pair = broadcastPair(other);
        return wrap(pair[0].mul(pair[1]));
    }

    @Override
    public Tensor div(Tensor other) {
        INDArray[] pair = broadcastPair(other);
        return wrap(pair[0].div(pair[1]));
    }

    @Override
    public Tensor ge(Tensor other) {
        INDArray[] pair = broadcastPair(other);
        return wrap(pair[0].lt(pair[1]).castTo(DataType.FLOAT).rsub(1.0));
    }

    @Override
    public Tensor add(float scalar) {
        return wrap(array.add(scalar));
    }

    @Override
    public Tensor mul(float scalar) {
        return wrap(array.mul(scalar));
    }

    @Override
    public Tensor matmul(Tensor other) {
        INDArray right = unwrap(other);
        long[] a = array.shape();
        long[] b = right.shape();
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException("matmul needs rank ≥ 2, got " + Arrays.toString(a) + " x "
                    + Arrays.toString(b));
        }
        long k = a[a.length - 1];
        if (k != b[b.length - 2]) {
            throw new IllegalArgumentException("matmul: inner sizes differ, " + Arrays.toString(a) + " x "
                    + Arrays.toString(b));
        }
        if (b.length == 2) {
            long[] outShape = a.clone();
            outShape[a.length - 1] = b[1];
            INDArray flat = array.reshape('c', Axes.elementCount(a) / k, k);
            return wrap(flat.mmul(right).reshape('c', outShape));
        }
        long[] batch = broadcastShape(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
        INDArray left = expand(array, concat(batch, a[a.length - 2], k));
        INDArray rightFull = expand(right, concat(batch, k, b[b.length - 1]));
        return wrap(Nd4j.matmul(left, rightFull));
    }

    @Override
    public Tensor exp() {
        return wrap(Transforms.exp(array, true));
    }

    @Override
    public Tensor log() {
        return wrap(Transforms.log(array, true));
    }

    @Override
    public Tensor sqrt() {
        return wrap(Transforms.sqrt(array, true));
    }

    @Override
    public Tensor tanh() {
        return wrap(Transforms.tanh(array, true));
    }

    @Override
    public Tensor sigmoid() {
        return wrap(Transforms.sigmoid(array, true));
    }

    @Override
    public Tensor relu() {
        return wrap(Transforms.relu(array, true));
    }

    @Override
    public Tensor gelu() {
        INDArray scaled = array.div(SQRT_2);
        INDArray erf = Nd4j.exec(new Erf(scaled, scaled.ulike()));
        return wrap(array.mul(erf.add(1.0)).mul(0.5));
    }

    @Override
    public Tensor softmax(int axis) {
        int normalised = Axes.normalise(axis, array.rank());
        INDArray input = array.dup('c');
        return wrap(Nd4j.exec(new SoftMax(input, input.ulike(), normalised))[0]);
    }

    @Override
    public Tensor reshape(long... shape) {
        return wrap(array.reshape('c', resolveInferred(shape)));
    }

    @Override
    public Tensor permute(int... axes) {
        if (axes.length != array.rank()) {
            throw new IllegalArgumentException("permute needs " + array.rank() + " axes, got " + Arrays.toString(axes));
        }
        int[] normalised = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            normalised[i] = Axes.normalise(axes[i], axes.length);
        }
        return wrap(array.permute(normalised).dup('c'));
    }

    @Override
    public Tensor sum(int axis, boolean keepDims) {
        return wrap(array.sum(keepDims, Axes.normalise(axis, array.rank())));
    }

    @Override
    public Tensor mean(int axis, boolean keepDims) {
        return wrap(array.mean(keepDims, Axes.normalise(axis, array.rank())));
    }

    @Override
    public Tensor max(int axis, boolean keepDims) {
        return wrap(array.max(keepDims, Axes.normalise(axis, array.rank())));
    }

    @Override
    public Tensor sumAll() {
        return wrap(Nd4j.scalar(DataType.FLOAT, array.sumNumber()));
    }

    @Override
    public Tensor maskedFill(Tensor mask, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("fill value must be finite, got " + value);
        }
        INDArray m = expand(unwrap(mask), array.shape());
        return wrap(array.mul(m.rsub(1.0)).add(m.mul(value)));
    }

    @Override
    public String toString() {
        return "Nd4jTensor" + Arrays.toString(array.shape());
    }

    private Tensor wrap(INDArray result) {
        return new Nd4jTensor(backend, result);
    }

    private INDArray unwrap(Tensor other) {
        if (other instanceof Nd4jTensor nd4j) {
            return nd4j.array;
        }
        throw new IllegalArgumentException("cannot mix an nd4j tensor with a " + other.backend().name() + " tensor");
    }

    /**
     * Both operands at the same rank (leading 1s prepended, a free reshape); ND4J's pairwise ops
     * then broadcast size-1 axes natively, without materialising copies.
     */
    private INDArray[] broadcastPair(Tensor other) {
        INDArray right = unwrap(other);
        long[] target = broadcastShape(array.shape(), right.shape());
        return new INDArray[] {atRank(array, target.length), atRank(right, target.length)};
    }

    private static INDArray atRank(INDArray x, int rank) {
        long[] shape = x.shape();
        if (shape.length == rank) {
            return x;
        }
        long[] padded = new long[rank];
        Arrays.fill(padded, 1);
        System.arraycopy(shape, 0, padded, rank - shape.length, shape.length);
        return x.reshape('c', padded);
    }

    private long[] resolveInferred(long[] shape) {
        long known = 1;
        int inferred = -1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape: at most one -1, got " + Arrays.toString(shape));
                }
                inferred = i;
            } else {
                known *= shape[i];
            }
        }
        long[] out = shape.clone();
        if (inferred >= 0) {
            out[inferred] = known == 0 ? 0 : array.length() / known;
        }
        if (Axes.elementCount(out) != array.length()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(array.shape()) + " to "
                    + Arrays.toString(shape));
        }
        return out;
    }

    static long[] broadcastShape(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long x = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long y = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast");
            }
            out[i] = Math.max(x, y);
        }
        return out;
    }

    /** {@code x} with leading 1s prepended to the target rank, then broadcast to {@code target}. */
    private static INDArray expand(INDArray x, long[] target) {
        long[] shape = x.shape();
        if (Arrays.equals(shape, target)) {
            return x;
        }
        long[] padded = new long[target.length];
        Arrays.fill(padded, 1);
        System.arraycopy(shape, 0, padded, target.length - shape.length, shape.length);
        INDArray reshaped = shape.length == target.length ? x : x.reshape('c', padded);
        return reshaped.broadcast(target);
    }

    private static long[] concat(long[] head, long... tail) {
        long[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
