package dev.fusion4j.internal.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every tensor operation on both backends against hand-worked values or a plain-Java reference. */
class TensorOpsTest {
    private static final float TOLERANCE = 1e-5f;

    /** Backends by name: JUnit would close an AutoCloseable argument after each test. */
    static Stream<String> backends() {
        return Stream.of("djl", "nd4j");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void elementwiseArithmeticBroadcastsLikeNumpy(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        Tensor a = backend.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor row = backend.fromArray(new float[] {10, 20, 30}, 3);
        Tensor column = backend.fromArray(new float[] {2, 4}, 2, 1);

        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.add(row).toFloatArray());
        assertArrayEquals(new float[] {-9, -18, -27, -6, -15, -24}, a.sub(row).toFloatArray());
        assertArrayEquals(new float[] {2, 4, 6, 16, 20, 24}, a.mul(column).toFloatArray());
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 1, 1.25f, 1.5f}, a.div(column).toFloatArray(), TOLERANCE);
        assertArrayEquals(new float[] {3.5f, 4.5f, 5.5f, 6.5f, 7.5f, 8.5f}, a.add(2.5f).toFloatArray());
        assertArrayEquals(new float[] {-2, -4, -6, -8, -10, -12}, a.mul(-2f).toFloatArray());
        assertArrayEquals(new float[] {-1, -2, -3, -4, -5, -6}, a.neg().toFloatArray());
        assertArrayEquals(new long[] {2, 3}, a.add(row).shape());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void greaterOrEqualGivesZeroOneWithBroadcasting(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        Tensor a = backend.fromArray(new float[] {1, 5, 3, 2, 2, 0}, 2, 3);
        Tensor rowMax = a.max(-1, true);
        assertArrayEquals(new float[] {0, 1, 0, 1, 1, 0}, a.ge(rowMax).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 0}, a.ge(backend.fromArray(new float[] {3}, 1)).toFloatArray());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void outerBroadcastOfColumnAndRowGivesTheFullGrid(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        Tensor column = backend.fromArray(new float[] {1, 2}, 2, 1, 1);
        Tensor row = backend.fromArray(new float[] {1, 10, 100}, 3, 1);
        Tensor sum = column.add(row);
        assertArrayEquals(new long[] {2, 3, 1}, sum.shape());
        assertArrayEquals(new float[] {2, 11, 101, 3, 12, 102}, sum.toFloatArray());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void matmulMatchesReferenceForPlainSharedAndBatchedRightSides(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        Random random = new Random(1);
        float[] a = Backends.random(random, 2 * 3 * 4);
        float[] shared = Backends.random(random, 4 * 5);
        float[] batched = Backends.random(random, 2 * 4 * 5);
        Tensor left = backend.fromArray(a, 2, 3, 4);

        assertArrayEquals(Reference.matmul(a, shared, 2, 3, 4, 5, true),
                left.matmul(backend.fromArray(shared, 4, 5)).toFloatArray(), TOLERANCE);
        assertArrayEquals(Reference.matmul(a, batched, 2, 3, 4, 5, false),
                left.matmul(backend.fromArray(batched, 2, 4, 5)).toFloatArray(), TOLERANCE);
        assertArrayEquals(Reference.matmul(a, shared, 1, 6, 4, 5, true),
                backend.fromArray(a, 6, 4).matmul(backend.fromArray(shared, 4, 5)).toFloatArray(), TOLERANCE);
        assertArrayEquals(new long[] {2, 3, 5}, left.matmul(backend.fromArray(batched, 2, 4, 5)).shape());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void matmulBroadcastsBatchAxesOfRankFourAttentionScores(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        Random random = new Random(2);
        float[] q = Backends.random(random, 2 * 3 * 4 * 5);
        float[] k = Backends.random(random, 3 * 5 * 6);
        Tensor scores = backend.fromArray(q, 2, 3, 4, 5).matmul(backend.fromArray(k, 1, 3, 5, 6));
        assertArrayEquals(new long[] {2, 3, 4, 6}, scores.shape());
        float[] expected = new float[2 * 3 * 4 * 6];
        for (int b = 0; b < 2; b++) {
            float[] slice = new float[3 * 4 * 5];
            System.arraycopy(q, b * slice.length, slice, 0, slice.length);
            float[] out = Reference.matmul(slice, k, 3, 4, 5, 6, false);
            System.arraycopy(out, 0, expected, b * out.length, out.length);
        }
        assertArrayEquals(expected, scores.toFloatArray(), TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void unaryFunctionsMatchTheirFormulas(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        float[] x = {-3f, -1f, -0.25f, 0f, 0.5f, 2f};
        Tensor t = backend.fromArray(x, 2, 3);
        float[] positive = {0.1f, 1f, 2f, 4f, 9f, 100f};
        Tensor p = backend.fromArray(positive, 6);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.exp(x[i]), t.exp().toFloatArray()[i], 1e-5 * Math.exp(x[i]), "exp");
            assertEquals(Math.tanh(x[i]), t.tanh().toFloatArray()[i], TOLERANCE, "tanh");
            assertEquals(1 / (1 + Math.exp(-x[i])), t.sigmoid().toFloatArray()[i], TOLERANCE, "sigmoid");
            assertEquals(Math.max(0, x[i]), t.relu().toFloatArray()[i], 0f, "relu");
            assertEquals(Reference.gelu(x[i]), t.gelu().toFloatArray()[i], TOLERANCE, "gelu");
            assertEquals(Math.log(positive[i]), p.log().toFloatArray()[i], TOLERANCE, "log");
            assertEquals(Math.sqrt(positive[i]), p.sqrt().toFloatArray()[i], TOLERANCE, "sqrt");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void softmaxAlongEachAxisMatchesReference(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        float[] x = {1, 2, 3, 4, 1000, 1000, -5, 0};
        Tensor t = backend.fromArray(x, 2, 4);
        assertArrayEquals(Reference.softmaxRows(x, 4), t.softmax(-1).toFloatArray(), TOLERANCE);
        float[] columns = Reference.softmaxRows(new float[] {1, 1000, 2, 1000, 3, -5, 4, 0}, 2);
        float[] transposedBack = {columns[0], columns[2], columns[4], columns[6], columns[1], columns[3], columns[5],
            columns[7]};
        assertArrayEquals(transposedBack, t.softmax(0).toFloatArray(), TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void layerNormNormalisesTheLastAxis(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        float[] x = {1, 2, 3, 4, -2, 0, 2, 10};
        float[] expected = Reference.layerNormRows(x, 4, 1e-5);
        assertArrayEquals(expected, backend.fromArray(x, 2, 4).layerNorm(1e-5f).toFloatArray(), TOLERANCE);
        // hand-worked first row: mean 2.5, variance 1.25
        assertEquals((1 - 2.5) / Math.sqrt(1.25 + 1e-5), expected[0], 1e-6);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void reductionsAlongEveryAxisMatchReference(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        float[] x = Backends.random(new Random(3), 2 * 3 * 4);
        int[] dims = {2, 3, 4};
        Tensor t = backend.fromArray(x, 2, 3, 4);
        for (int axis = 0; axis < 3; axis++) {
            assertArrayEquals(Reference.reduce3(x, dims, axis, "sum"), t.sum(axis, true).toFloatArray(), TOLERANCE);
            assertArrayEquals(Reference.reduce3(x, dims, axis, "mean"), t.mean(axis, false).toFloatArray(), TOLERANCE);
            assertArrayEquals(Reference.reduce3(x, dims, axis, "max"), t.max(axis, false).toFloatArray(), 0f);
        }
        assertArrayEquals(new long[] {2, 1, 4}, t.sum(1, true).shape());
        assertArrayEquals(new long[] {2, 4}, t.sum(-2, false).shape());
        double total = 0;
        for (float v : x) {
            total += v;
        }
        assertEquals(total, t.sumAll().toFloatArray()[0], 1e-4);
        assertEquals(0, t.sumAll().rank());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void reshapePermuteAndTransposeMoveValuesAsReference(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        float[] x = Backends.random(new Random(4), 2 * 3 * 4);
        Tensor t = backend.fromArray(x, 2, 3, 4);
        assertArrayEquals(x, t.reshape(6, -1).toFloatArray());
        assertArrayEquals(new long[] {6, 4}, t.reshape(6, -1).shape());
        assertArrayEquals(Reference.permute3(x, new int[] {2, 3, 4}, new int[] {2, 0, 1}),
                t.permute(2, 0, 1).toFloatArray());
        assertArrayEquals(new long[] {4, 2, 3}, t.permute(2, 0, 1).shape());
        assertArrayEquals(Reference.permute3(x, new int[] {2, 3, 4}, new int[] {0, 2, 1}),
                Tensors.transposeLast(t).toFloatArray());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void concatAndStackJoinAlongTheGivenAxis(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        Tensor a = backend.fromArray(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = backend.fromArray(new float[] {5, 6}, 2, 1);
        assertArrayEquals(new float[] {1, 2, 5, 3, 4, 6}, backend.concat(List.of(a, b), -1).toFloatArray());
        Tensor c = backend.fromArray(new float[] {5, 6, 7, 8}, 2, 2);
        Tensor stacked = backend.stack(List.of(a, c), 1);
        assertArrayEquals(new long[] {2, 2, 2}, stacked.shape());
        assertArrayEquals(new float[] {1, 2, 5, 6, 3, 4, 7, 8}, stacked.toFloatArray());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void maskedFillReplacesOnlyMaskedPositionsWithBroadcastMask(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        Tensor scores = backend.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 1, 3);
        Tensor keyPadding = backend.fromArray(new float[] {0, 0, 1, 0, 1, 1}, 2, 1, 3);
        assertArrayEquals(new float[] {1, 2, -1e9f, 4, -1e9f, -1e9f},
                scores.maskedFill(keyPadding, -1e9f).toFloatArray());
        Tensor perRow = backend.fromArray(new float[] {1, 0}, 2, 1, 1);
        assertArrayEquals(new float[] {0, 0, 0, 4, 5, 6}, scores.maskedFill(perRow, 0f).toFloatArray());
        assertThrows(IllegalArgumentException.class,
                () -> scores.maskedFill(keyPadding, Float.NEGATIVE_INFINITY));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void outerProductIsBatchedAndExact(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        Tensor a = backend.fromArray(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = backend.fromArray(new float[] {1, 10, 100, -1, 0, 1}, 2, 3);
        Tensor outer = Tensors.outer(a, b);
        assertArrayEquals(new long[] {2, 2, 3}, outer.shape());
        assertArrayEquals(new float[] {1, 10, 100, 2, 20, 200, -3, 0, 3, -4, 0, 4}, outer.toFloatArray());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badShapesAndMixedBackendsAreRejected(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        assertThrows(IllegalArgumentException.class, () -> backend.fromArray(new float[5], 2, 3));
        Tensor mine = backend.fromArray(new float[] {1}, 1);
        TensorBackend other = backend == Backends.DJL ? Backends.ND4J : Backends.DJL;
        Tensor theirs = other.fromArray(new float[] {1}, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mine.add(theirs));
        assertEquals(true, e.getMessage().contains("cannot mix"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mine.sum(3, false));
    }
}
