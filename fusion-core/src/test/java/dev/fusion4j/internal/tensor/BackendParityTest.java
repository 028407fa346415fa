package dev.fusion4j.internal.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.internal.tensor.nd4j.Nd4jModuleRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation gives the same result on DJL and ND4J for random inputs (max |diff| ≤ 1e-5), and
 * ND4J gives it again when a runner reruns the operation's kept kernels on new values.
 */
class BackendParityTest {
    private static final double TOLERANCE = 1e-5;

    private enum Values { GAUSSIAN, POSITIVE, LAST_IS_MASK }

    private record Case(List<long[]> shapes, Values values, Function<List<Tensor>, Tensor> op) {
    }

    private static Arguments op(String name, Function<List<Tensor>, Tensor> op, long[]... shapes) {
        return Arguments.of(name, new Case(List.of(shapes), Values.GAUSSIAN, op));
    }

    private static Arguments positiveOp(String name, Function<List<Tensor>, Tensor> op, long[]... shapes) {
        return Arguments.of(name, new Case(List.of(shapes), Values.POSITIVE, op));
    }

    private static long[] s(long... shape) {
        return shape;
    }

    static Stream<Arguments> operations() {
        return Stream.of(
                op("add broadcast", t -> t.get(0).add(t.get(1)), s(3, 4, 5), s(4, 1)),
                op("sub", t -> t.get(0).sub(t.get(1)), s(3, 4, 5), s(3, 4, 5)),
                op("mul broadcast", t -> t.get(0).mul(t.get(1)), s(3, 1, 5), s(1, 4, 5)),
                positiveOp("div", t -> t.get(0).div(t.get(1)), s(3, 4), s(4)),
                op("ge broadcast", t -> t.get(0).ge(t.get(1)), s(3, 4, 5), s(4, 1)),
                op("add scalar", t -> t.get(0).add(0.75f), s(7, 3)),
                op("mul scalar", t -> t.get(0).mul(-1.5f), s(7, 3)),
                op("matmul 2d", t -> t.get(0).matmul(t.get(1)), s(6, 16), s(16, 9)),
                op("matmul shared right", t -> t.get(0).matmul(t.get(1)), s(4, 6, 16), s(16, 9)),
                op("matmul batched", t -> t.get(0).matmul(t.get(1)), s(2, 3, 6, 8), s(2, 3, 8, 5)),
                op("linear", t -> t.get(0).linear(t.get(1), t.get(2)), s(4, 6, 16), s(16, 9), s(9)),
                op("matmul broadcast batch", t -> t.get(0).matmul(t.get(1)), s(2, 3, 6, 8), s(3, 8, 5)),
                op("exp", t -> t.get(0).exp(), s(4, 5)),
                positiveOp("log", t -> t.get(0).log(), s(4, 5)),
                positiveOp("sqrt", t -> t.get(0).sqrt(), s(4, 5)),
                op("tanh", t -> t.get(0).tanh(), s(4, 5)),
                op("sigmoid", t -> t.get(0).sigmoid(), s(4, 5)),
                op("relu", t -> t.get(0).relu(), s(4, 5)),
                op("gelu", t -> t.get(0).gelu(), s(4, 5)),
                op("softmax last", t -> t.get(0).softmax(-1), s(3, 4, 7)),
                op("softmax middle", t -> t.get(0).softmax(1), s(3, 4, 7)),
                op("layer norm", t -> t.get(0).layerNorm(1e-5f), s(3, 4, 16)),
                op("affine layer norm", t -> t.get(0).layerNorm(t.get(1), t.get(2), 1e-5f), s(3, 4, 16), s(16), s(16)),
                op("reshape", t -> t.get(0).reshape(-1, 6), s(3, 4, 3)),
                op("permute", t -> t.get(0).permute(1, 2, 0), s(3, 4, 5)),
                op("sum", t -> t.get(0).sum(1, false), s(3, 4, 5)),
                op("mean", t -> t.get(0).mean(-1, true), s(3, 4, 5)),
                op("max", t -> t.get(0).max(0, false), s(3, 4, 5)),
                op("sum all", t -> t.get(0).sumAll(), s(3, 4, 5)),
                op("concat", t -> t.get(0).backend().concat(List.of(t.get(0), t.get(1)), 1), s(2, 3, 4), s(2, 5, 4)),
                op("stack", t -> t.get(0).backend().stack(List.of(t.get(0), t.get(1)), 2), s(2, 3, 4), s(2, 3, 4)),
                Arguments.of("masked fill", new Case(List.of(s(2, 3, 4), s(2, 1, 4)), Values.LAST_IS_MASK,
                        t -> t.get(0).maskedFill(t.get(1), -1e4f))),
                op("outer", t -> Tensors.outer(t.get(0), t.get(1)), s(3, 4), s(3, 5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void djlAndNd4jAgree(String name, Case c) {
        List<float[]> inputs = inputs(new Random(name.hashCode()), c);
        float[] djl = run(Backends.DJL, c, inputs);
        float[] nd4j = run(Backends.ND4J, c, inputs);
        assertArrayEquals(djl, nd4j, (float) TOLERANCE, name);
        assertTrue(djl.length > 0);
    }

    /** The second pass reruns the first one's kernels: same values as a one-off run, no new ND4J object. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void anNd4jRunnerRerunsTheOperationOnNewValuesWithoutNewNd4jObjects(String name, Case c) {
        Random random = new Random(name.hashCode());
        List<float[]> first = inputs(random, c);
        List<float[]> second = inputs(random, c);
        Nd4jModuleRunner<List<Tensor>> runner = new Nd4jModuleRunner<>(new TensorModule<>() {
            @Override
            public List<ParameterSpec> parameters() {
                return List.of();
            }

            @Override
            public Tensor forward(ModuleContext context, List<Tensor> tensors) {
                return c.op().apply(tensors);
            }
        }, Map.of());
        assertArrayEquals(run(Backends.ND4J, c, first), runner.forwardValues(backend -> tensors(backend, c, first)), 0f);
        long before = Nd4j.getDeallocatorService().nextValue();
        float[] rerun = runner.forwardValues(backend -> tensors(backend, c, second));
        long created = Nd4j.getDeallocatorService().nextValue() - before - 1;
        assertArrayEquals(run(Backends.ND4J, c, second), rerun, 0f, name);
        assertEquals(0, created, name + ": ND4J buffers and op contexts made by the second pass");
        runner.close();
    }

    private static List<float[]> inputs(Random random, Case c) {
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < c.shapes().size(); i++) {
            boolean mask = c.values() == Values.LAST_IS_MASK && i == c.shapes().size() - 1;
            inputs.add(mask ? mask(random, c.shapes().get(i)) : values(random, c.shapes().get(i),
                    c.values() == Values.POSITIVE));
        }
        return inputs;
    }

    private static float[] run(TensorBackend backend, Case c, List<float[]> inputs) {
        return c.op().apply(tensors(backend, c, inputs)).toFloatArray();
    }

    private static List<Tensor> tensors(TensorBackend backend, Case c, List<float[]> inputs) {
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            tensors.add(backend.fromArray(inputs.get(i), c.shapes().get(i)));
        }
        return tensors;
    }

    private static float[] mask(Random random, long[] shape) {
        float[] mask = new float[(int) Axes.elementCount(shape)];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextBoolean() ? 1f : 0f;
        }
        return mask;
    }

    private static float[] values(Random random, long[] shape, boolean positive) {
        float[] values = Backends.random(random, (int) Axes.elementCount(shape));
        if (positive) {
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.abs(values[i]) + 0.1f;
            }
        }
        return values;
    }
}
