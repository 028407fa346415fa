package dev.fusion4j.internal.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.fusion4j.internal.tensor.Backends;
import dev.fusion4j.internal.tensor.FixedModuleContext;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Multi-head attention against a plain-Java implementation written from the formula. */
class MultiHeadAttentionTest {
    private static final int B = 2;
    private static final int TQ = 3;
    private static final int TK = 4;
    private static final int QW = 5;
    private static final int KW = 3;
    private static final int D = 4;
    private static final int H = 2;

    static Stream<String> backends() {
        return Stream.of("djl", "nd4j");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void matchesPlainJavaScaledDotProductAttentionWithKeyPadding(String backendName) {
        TensorBackend backend = Backends.named(backendName);
        MultiHeadAttention attention = new MultiHeadAttention("mha", QW, KW, D, H, 0f);
        Map<String, float[]> params = new HashMap<>();
        for (ParameterSpec spec : attention.parameters()) {
            params.put(spec.name(), spec.initialValues(3));
        }
        // biases are zero-initialised; give them values so the reference checks them too
        Random random = new Random(9);
        for (String bias : new String[] {"mha.query.bias", "mha.key.bias", "mha.value.bias", "mha.output.bias"}) {
            params.put(bias, Backends.random(random, D));
        }
        float[] q = Backends.random(random, B * TQ * QW);
        float[] kv = Backends.random(random, B * TK * KW);
        float[] mask = {1, 1, 0, 0, 0, 0, 0, 0};   // sample 0: two valid keys; sample 1: none

        ModuleContext context = context(backend, attention, params);
        Tensor out = attention.apply(context, backend.fromArray(q, B, TQ, QW), backend.fromArray(kv, B, TK, KW),
                backend.fromArray(mask, B, TK));
        assertArrayEquals(reference(params, q, kv, mask), out.toFloatArray(), 1e-5f);
    }

    private static float[] reference(Map<String, float[]> p, float[] q, float[] kv, float[] mask) {
        int dh = D / H;
        float[] out = new float[B * TQ * D];
        for (int b = 0; b < B; b++) {
            double[][] qp = project(q, b, TQ, QW, p.get("mha.query.weight"), p.get("mha.query.bias"));
            double[][] kp = project(kv, b, TK, KW, p.get("mha.key.weight"), p.get("mha.key.bias"));
            double[][] vp = project(kv, b, TK, KW, p.get("mha.value.weight"), p.get("mha.value.bias"));
            double[][] merged = new double[TQ][D];
            for (int h = 0; h < H; h++) {
                for (int i = 0; i < TQ; i++) {
                    double[] weights = new double[TK];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < TK; j++) {
                        if (mask[b * TK + j] == 0) {
                            continue;
                        }
                        double s = 0;
                        for (int c = 0; c < dh; c++) {
                            s += qp[i][h * dh + c] * kp[j][h * dh + c];
                        }
                        weights[j] = s / Math.sqrt(dh);
                        max = Math.max(max, weights[j]);
                    }
                    double total = 0;
                    for (int j = 0; j < TK; j++) {
                        weights[j] = mask[b * TK + j] == 0 ? 0 : Math.exp(weights[j] - max);
                        total += weights[j];
                    }
                    for (int c = 0; c < dh; c++) {
                        double sum = 0;
                        for (int j = 0; j < TK; j++) {
                            sum += total == 0 ? 0 : weights[j] / total * vp[j][h * dh + c];
                        }
                        merged[i][h * dh + c] = sum;
                    }
                }
            }
            float[] wo = p.get("mha.output.weight");
            float[] bo = p.get("mha.output.bias");
            for (int i = 0; i < TQ; i++) {
                for (int o = 0; o < D; o++) {
                    double sum = bo[o];
                    for (int c = 0; c < D; c++) {
                        sum += merged[i][c] * wo[c * D + o];
                    }
                    out[(b * TQ + i) * D + o] = (float) sum;
                }
            }
        }
        return out;
    }

    private static double[][] project(float[] x, int b, int steps, int width, float[] w, float[] bias) {
        double[][] out = new double[steps][D];
        for (int t = 0; t < steps; t++) {
            for (int o = 0; o < D; o++) {
                double sum = bias[o];
                for (int c = 0; c < width; c++) {
                    sum += x[(b * steps + t) * width + c] * (double) w[c * D + o];
                }
                out[t][o] = sum;
            }
        }
        return out;
    }

    private static ModuleContext context(TensorBackend backend, MultiHeadAttention attention, Map<String, float[]> p) {
        Map<String, Tensor> tensors = new HashMap<>();
        for (ParameterSpec spec : attention.parameters()) {
            tensors.put(spec.name(), backend.fromArray(p.get(spec.name()), spec.shapeArray()));
        }
        return FixedModuleContext.inference(backend, tensors);
    }
}
