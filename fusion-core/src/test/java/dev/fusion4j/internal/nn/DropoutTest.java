package dev.fusion4j.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.internal.tensor.Backends;
import dev.fusion4j.internal.tensor.FixedModuleContext;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DropoutTest {

    static Stream<String> backends() {
        return Stream.of("djl", "nd4j");
    }

    private static ModuleContext context(TensorBackend backend, boolean training, long seed) {
        return new FixedModuleContext(backend, java.util.Map.of(), training, seed);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void trainingDropsTheConfiguredShareScalesTheRestAndRepeatsUnderASeed(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        int n = 40_000;
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        Tensor x = backend.fromArray(ones, 200, 200);
        float[] out = Dropout.apply(context(backend, true, 5), x, 0.25f).toFloatArray();
        int zeros = 0;
        for (float v : out) {
            assertTrue(v == 0f || Math.abs(v - 1f / 0.75f) < 1e-6, "value " + v);
            zeros += v == 0f ? 1 : 0;
        }
        double sigma = Math.sqrt(0.25 * 0.75 / n);
        assertEquals(0.25, zeros / (double) n, 4 * sigma);
        assertArrayEquals(out, Dropout.apply(context(backend, true, 5), x, 0.25f).toFloatArray());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void inferenceIsTheIdentityAndBadRatesAreRejected(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        Tensor x = backend.fromArray(new float[] {1, 2, 3}, 3);
        assertSame(x, Dropout.apply(context(backend, false, 1), x, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> Dropout.checkRate(1f));
        assertThrows(IllegalArgumentException.class, () -> Dropout.checkRate(-0.1f));
    }
}
