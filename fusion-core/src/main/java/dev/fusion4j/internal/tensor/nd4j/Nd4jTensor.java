package dev.fusion4j.internal.tensor.nd4j;

import dev.fusion4j.internal.tensor.Axes;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarDivision;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.shape.Concat;
import org.nd4j.linalg.api.ops.impl.shape.Permute;
import org.nd4j.linalg.api.ops.impl.shape.Stack;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Assign;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LessThan;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.dtype.Cast;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link Tensor} over an ND4J {@link INDArray} (float, C order with default strides). Inference
 * only: ND4J arrays record no gradients here. Each operation runs ND4J kernels into a new result
 * array; on a runner's backend the array and kernels are kept and rerun by the next pass (see
 * {@link Nd4jArena}), elsewhere the garbage collector frees them.
 */
public final class Nd4jTensor implements Tensor {
    private static final double SQRT_2 = Math.sqrt(2.0);
    private static final long[] NO_ARGUMENTS = {};
    private static final INDArray[] NO_INPUTS = {};

    private final Nd4jBackend backend;
    private final INDArray array;

    Nd4jTensor(Nd4jBackend backend, INDArray array) {
        this.backend = backend;
        this.array = array;
    }

    /** {@code values} copied into a new array, or on an arena's backend into the array kept for this step. */
    static Tensor fromArray(Nd4jBackend backend, float[] values, long[] shape) {
        INDArray array = step(backend, new StepKey("fromArray", NO_INPUTS, shape),
                () -> Step.of(allocate(backend, DataType.FLOAT, shape)));
        array.data().setData(values);
        return new Nd4jTensor(backend, array);
    }

    /** Wraps {@code array}, converted to float and copied to C order if it is not already. */
    static Nd4jTensor of(Nd4jBackend backend, INDArray array) {
        INDArray floats = array.dataType() == DataType.FLOAT ? array : array.castTo(DataType.FLOAT);
        return new Nd4jTensor(backend, isDense(floats) ? floats : floats.dup('c'));
    }

    static Tensor concat(Nd4jBackend backend, List<Tensor> tensors, int axis) {
        INDArray[] arrays = unwrapAll(tensors);
        int normalised = Axes.normalise(axis, arrays[0].rank());
        return new Nd4jTensor(backend, step(backend, new StepKey("concat", arrays, normalised), () -> {
            long[] shape = arrays[0].shape().clone();
            shape[normalised] = Arrays.stream(arrays).mapToLong(a -> a.size(normalised)).sum();
            INDArray out = allocate(backend, DataType.FLOAT, shape);
            Concat op = new Concat(normalised, arrays);
            op.addOutputArgument(out);
            return Step.run(out, Kernel.of(op));
        }));
    }

    static Tensor stack(Nd4jBackend backend, List<Tensor> tensors, int axis) {
        INDArray[] arrays = unwrapAll(tensors);
        int normalised = Axes.normalise(axis, arrays[0].rank() + 1);
        return new Nd4jTensor(backend, step(backend, new StepKey("stack", arrays, normalised), () -> {
            INDArray out = allocate(backend, DataType.FLOAT, insert(arrays[0].shape(), normalised, arrays.length));
            return Step.run(out, Kernel.of(new Stack(arrays, out, normalised)));
        }));
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

    /** The values straight from the buffer when the array is all of it (dense, so in order), else from a copy. */
    @Override
    public float[] toFloatArray() {
        boolean wholeBuffer = array.offset() == 0 && array.data().length() == array.length();
        return (wholeBuffer ? array : array.dup('c')).data().asFloat();
    }

    @Override
    public Tensor add(Tensor other) {
        return pairwise("add", other, AddOp::new);
    }

    @Override
    public Tensor sub(Tensor other) {
        return pairwise("sub", other, SubOp::new);
    }

    @Override
    public Tensor mul(Tensor other) {
        return pairwise("mul", other, MulOp::new);
    }

    @Override
    public Tensor div(Tensor other) {
        return pairwise("div", other, DivOp::new);
    }

    /** {@code 1 - (this < other)}. */
    @Override
    public Tensor ge(Tensor other) {
        INDArray right = unwrap(other);
        return step("ge", new INDArray[] {array, right}, NO_ARGUMENTS, () -> {
            long[] shape = broadcastShape(array.shape(), right.shape());
            INDArray less = allocate(backend, DataType.BOOL, shape);
            INDArray out = allocate(shape);
            Cast cast = new Cast(less, DataType.FLOAT);
            cast.addOutputArgument(out);
            return Step.run(out, Kernel.of(new LessThan(atRank(array, shape.length), atRank(right, shape.length), less)),
                    Kernel.of(cast), Kernel.of(new ScalarReverseSubtraction(out, null, out, 1.0)));
        });
    }

    @Override
    public Tensor add(float scalar) {
        return unary("add-scalar", new long[] {Float.floatToIntBits(scalar)},
                (x, z) -> new ScalarAdd(x, null, z, scalar));
    }

    @Override
    public Tensor mul(float scalar) {
        return unary("mul-scalar", new long[] {Float.floatToIntBits(scalar)},
                (x, z) -> new ScalarMultiplication(x, null, z, scalar));
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
            return step("matmul", new INDArray[] {array, right}, NO_ARGUMENTS, () -> {
                long[] outShape = a.clone();
                outShape[a.length - 1] = b[1];
                INDArray out = allocate(Axes.elementCount(a) / k, b[1]);
                return Step.run(out.reshape('c', outShape),
                        Kernel.of(new Mmul(array.reshape('c', Axes.elementCount(a) / k, k), right, out, null)));
            });
        }
        long[] batch = broadcastShape(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
        return step("matmul", new INDArray[] {array, right}, NO_ARGUMENTS, () -> {
            List<Kernel> kernels = new ArrayList<>();
            INDArray left = expand(array, append(batch, a[a.length - 2], k), kernels);
            INDArray rightFull = expand(right, append(batch, k, b[b.length - 1]), kernels);
            INDArray out = allocate(append(batch, a[a.length - 2], b[b.length - 1]));
            kernels.add(Kernel.of(new Mmul(left, rightFull, out, null)));
            return Step.run(out, kernels.toArray(new Kernel[0]));
        });
    }

    @Override
    public Tensor exp() {
        return unary("exp", NO_ARGUMENTS, Exp::new);
    }

    @Override
    public Tensor log() {
        return unary("log", NO_ARGUMENTS, Log::new);
    }

    @Override
    public Tensor sqrt() {
        return unary("sqrt", NO_ARGUMENTS, Sqrt::new);
    }

    @Override
    public Tensor tanh() {
        return unary("tanh", NO_ARGUMENTS, Tanh::new);
    }

    @Override
    public Tensor sigmoid() {
        return unary("sigmoid", NO_ARGUMENTS, Sigmoid::new);
    }

    @Override
    public Tensor relu() {
        return unary("relu", NO_ARGUMENTS, (x, z) -> new RectifiedLinear(x, z, 0));
    }

    /** {@code x (erf(x / √2) + 1) / 2}. */
    @Override
    public Tensor gelu() {
        return step("gelu", new INDArray[] {array}, NO_ARGUMENTS, () -> {
            INDArray erf = allocate(array.shape());
            INDArray out = allocate(array.shape());
            return Step.run(out, Kernel.of(new ScalarDivision(array, null, erf, SQRT_2)), Kernel.of(new Erf(erf, erf)),
                    Kernel.of(new ScalarAdd(erf, null, erf, 1.0)), Kernel.of(new MulOp(array, erf, out)),
                    Kernel.of(new ScalarMultiplication(out, null, out, 0.5)));
        });
    }

    @Override
    public Tensor softmax(int axis) {
        int normalised = Axes.normalise(axis, array.rank());
        return custom("softmax", new long[] {normalised}, array.shape(), out -> new SoftMax(array, out, normalised));
    }

    @Override
    public Tensor reshape(long... shape) {
        long[] target = resolveInferred(shape);
        return step("reshape", new INDArray[] {array}, target, () -> Step.of(array.reshape('c', target)));
    }

    @Override
    public Tensor permute(int... axes) {
        if (axes.length != array.rank()) {
            throw new IllegalArgumentException("permute needs " + array.rank() + " axes, got " + Arrays.toString(axes));
        }
        int[] normalised = new int[axes.length];
        long[] shape = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            normalised[i] = Axes.normalise(axes[i], axes.length);
            shape[i] = array.size(normalised[i]);
        }
        return custom("permute", Arrays.stream(normalised).asLongStream().toArray(), shape,
                out -> new Permute(array, out, normalised));
    }

    @Override
    public Tensor sum(int axis, boolean keepDims) {
        return reduce("reduce_sum", axis, keepDims);
    }

    @Override
    public Tensor mean(int axis, boolean keepDims) {
        return reduce("reduce_mean", axis, keepDims);
    }

    @Override
    public Tensor max(int axis, boolean keepDims) {
        return reduce("reduce_max", axis, keepDims);
    }

    @Override
    public Tensor sumAll() {
        return custom("reduce_sum", NO_ARGUMENTS, new long[0],
                out -> DynamicCustomOp.builder("reduce_sum").addInputs(array).addOutputs(out).build());
    }

    /** {@code this (1 - mask) + value mask}, the mask broadcast to this tensor's shape. */
    @Override
    public Tensor maskedFill(Tensor mask, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("fill value must be finite, got " + value);
        }
        INDArray m = unwrap(mask);
        long[] shape = array.shape();
        if (!Arrays.equals(broadcastShape(shape, m.shape()), shape)) {
            throw new IllegalArgumentException("mask " + Arrays.toString(m.shape()) + " does not broadcast to "
                    + Arrays.toString(shape));
        }
        return step("maskedFill", new INDArray[] {array, m}, new long[] {Float.floatToIntBits(value)}, () -> {
            INDArray padded = atRank(m, shape.length);
            INDArray keep = allocate(padded.shape());
            INDArray fill = allocate(padded.shape());
            INDArray kept = allocate(shape);
            INDArray out = allocate(shape);
            return Step.run(out, Kernel.of(new ScalarReverseSubtraction(padded, null, keep, 1.0)),
                    Kernel.of(new MulOp(array, keep, kept)),
                    Kernel.of(new ScalarMultiplication(padded, null, fill, value)), Kernel.of(new AddOp(kept, fill, out)));
        });
    }

    @Override
    public String toString() {
        return "Nd4jTensor" + Arrays.toString(array.shape());
    }

    /** The output of an operation: {@code build}'s, or a step kept by the backend's arena, rerun. */
    private static INDArray step(Nd4jBackend backend, StepKey key, Supplier<Step> build) {
        Nd4jArena arena = backend.arena();
        return arena == null ? build.get().output() : arena.step(key, build);
    }

    /** A new array in C order for a kernel to fill, counted by the backend's arena if it has one. */
    private static INDArray allocate(Nd4jBackend backend, DataType type, long... shape) {
        INDArray array = Nd4j.createUninitialized(type, shape, 'c');
        if (backend.arena() != null) {
            backend.arena().allocated(array);
        }
        return array;
    }

    private INDArray allocate(long... shape) {
        return allocate(backend, DataType.FLOAT, shape);
    }

    private Tensor step(String operation, INDArray[] inputs, long[] arguments, Supplier<Step> build) {
        return new Nd4jTensor(backend, step(backend, new StepKey(operation, inputs, arguments), build));
    }

    private Tensor unary(String operation, long[] arguments, BiFunction<INDArray, INDArray, Op> op) {
        return step(operation, new INDArray[] {array}, arguments, () -> {
            INDArray out = allocate(array.shape());
            return Step.run(out, Kernel.of(op.apply(array, out)));
        });
    }

    private Tensor custom(String operation, long[] arguments, long[] shape, Function<INDArray, CustomOp> op) {
        return step(operation, new INDArray[] {array}, arguments, () -> {
            INDArray out = allocate(shape);
            return Step.run(out, Kernel.of(op.apply(out)));
        });
    }

    private Tensor reduce(String operation, int axis, boolean keepDims) {
        int normalised = Axes.normalise(axis, array.rank());
        long[] shape = keepDims ? array.shape().clone() : remove(array.shape(), normalised);
        if (keepDims) {
            shape[normalised] = 1;
        }
        return custom(operation, new long[] {normalised, keepDims ? 1 : 0}, shape, out -> DynamicCustomOp
                .builder(operation).addInputs(array).addOutputs(out).addIntegerArguments(normalised)
                .addBooleanArguments(keepDims).build());
    }

    /** Both operands at the result's rank (leading 1s, free views); the custom op broadcasts size-1 axes. */
    private Tensor pairwise(String operation, Tensor other, PairwiseOp op) {
        INDArray right = unwrap(other);
        return step(operation, new INDArray[] {array, right}, NO_ARGUMENTS, () -> {
            long[] shape = broadcastShape(array.shape(), right.shape());
            INDArray out = allocate(shape);
            return Step.run(out, Kernel.of(op.create(atRank(array, shape.length), atRank(right, shape.length), out)));
        });
    }

    @FunctionalInterface
    private interface PairwiseOp {
        CustomOp create(INDArray x, INDArray y, INDArray z);
    }

    private INDArray unwrap(Tensor other) {
        if (other instanceof Nd4jTensor nd4j) {
            return nd4j.array;
        }
        throw new IllegalArgumentException("cannot mix an nd4j tensor with a " + other.backend().name() + " tensor");
    }

    private static boolean isDense(INDArray x) {
        return x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x);
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

    /** {@code x} itself if it has the {@code target} shape, else a copy broadcast to it by an added kernel. */
    private INDArray expand(INDArray x, long[] target, List<Kernel> kernels) {
        if (Arrays.equals(x.shape(), target)) {
            return x;
        }
        INDArray out = allocate(target);
        kernels.add(Kernel.of(new Assign(new INDArray[] {out, atRank(x, target.length)}, new INDArray[] {out})));
        return out;
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

    private static long[] append(long[] head, long... tail) {
        long[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    private static long[] insert(long[] shape, int axis, long size) {
        long[] out = new long[shape.length + 1];
        System.arraycopy(shape, 0, out, 0, axis);
        out[axis] = size;
        System.arraycopy(shape, axis, out, axis + 1, shape.length - axis);
        return out;
    }

    private static long[] remove(long[] shape, int axis) {
        long[] out = new long[shape.length - 1];
        System.arraycopy(shape, 0, out, 0, axis);
        System.arraycopy(shape, axis + 1, out, axis, out.length - axis);
        return out;
    }
}
