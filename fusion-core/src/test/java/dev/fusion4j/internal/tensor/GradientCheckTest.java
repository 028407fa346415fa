package dev.fusion4j.internal.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.fusion4j.internal.tensor.djl.DjlBackend;
import dev.fusion4j.internal.tensor.djl.DjlTensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradients through the DJL backend equal central finite differences of the loss
 * {@code sum(f(x) * w)} for a fixed random {@code w}.
 */
class GradientCheckTest {
    private static final float STEP = 1e-2f;

    static Stream<Arguments> functions() {
        return Stream.of(
                fn("matmul", x -> x.matmul(constant(x, 2, 5, 3))),
                fn("linear", x -> x.reshape(2, 2, 5).linear(constant(x, 5, 3), constant(x, 3))),
                fn("broadcast add and mul", x -> x.add(constant(x, 5)).mul(constant(x, 4, 1))),
                fn("div", x -> constant(x, 5).div(x.mul(x).add(1f))),
                fn("exp and log", x -> x.exp().add(1f).log()),
                fn("tanh", Tensor::tanh),
                fn("sigmoid", Tensor::sigmoid),
                fn("relu", Tensor::relu),
                fn("gelu", Tensor::gelu),
                fn("softmax", x -> x.softmax(-1)),
                fn("layer norm", x -> x.layerNorm(1e-5f)),
                fn("affine layer norm", x -> x.layerNorm(constant(x, 5), constant(x, 5).mul(0.5f), 1e-5f)),
                fn("sqrt", x -> x.mul(x).add(1f).sqrt()),
                fn("reshape and permute", x -> x.reshape(2, 2, 5).permute(2, 0, 1).mul(constant(x, 5, 2, 2))),
                fn("sum and mean", x -> x.sum(0, true).mul(x.mean(1, true))),
                fn("max", x -> x.max(1, false)),
                fn("masked fill", x -> x.maskedFill(mask(x), 3f)),
                fn("concat and stack", x -> x.backend().stack(List.of(x, x.backend().concat(List.of(x.tanh()), 0)), 0)),
                fn("outer", x -> Tensors.outer(x, x.sigmoid())));
    }

    private static Arguments fn(String name, Function<Tensor, Tensor> f) {
        return Arguments.of(name, f);
    }

    /** A deterministic constant of the given shape on x's backend. */
    private static Tensor constant(Tensor x, long... shape) {
        Random random = new Random(Axes.elementCount(shape) * 31 + shape.length);
        return x.backend().fromArray(Backends.random(random, (int) Axes.elementCount(shape)), shape);
    }

    private static Tensor mask(Tensor x) {
        float[] mask = new float[(int) Axes.elementCount(x.shape())];
        for (int i = 0; i < mask.length; i += 3) {
            mask[i] = 1f;
        }
        return x.backend().fromArray(mask, x.shape());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void autogradMatchesFiniteDifferences(String name, Function<Tensor, Tensor> f) {
        float[] x = wellSeparatedValues(20, name.hashCode());
        Shape shape = new Shape(4, 5);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            DjlBackend backend = DjlBackend.wrap(manager);
            float[] weights = Backends.random(new Random(7), (int) Axes.elementCount(f.apply(
                    backend.fromArray(x, 4, 5)).shape()));
            float[] analytic;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray input = manager.create(x, shape);
                input.setRequiresGradient(true);
                NDArray loss = ((DjlTensor) loss(f, backend.wrap(input), weights)).ndArray();
                collector.backward(loss);
                analytic = input.getGradient().toFloatArray();
            }
            for (int i = 0; i < x.length; i++) {
                float[] plus = x.clone();
                float[] minus = x.clone();
                plus[i] += STEP;
                minus[i] -= STEP;
                double numeric = (value(f, backend.fromArray(plus, 4, 5), weights)
                        - value(f, backend.fromArray(minus, 4, 5), weights)) / (2 * STEP);
                assertEquals(numeric, analytic[i], 2e-3 + 2e-3 * Math.abs(numeric), name + " d/dx[" + i + "]");
            }
        }
    }

    private static Tensor loss(Function<Tensor, Tensor> f, Tensor x, float[] weights) {
        Tensor y = f.apply(x);
        return y.mul(x.backend().fromArray(weights, y.shape())).sumAll();
    }

    private static double value(Function<Tensor, Tensor> f, Tensor x, float[] weights) {
        return loss(f, x, weights).toFloatArray()[0];
    }

    /** Values at least 0.1 from 0 and from each other, so no kink (relu, max) lies within a step. */
    private static float[] wellSeparatedValues(int count, long seed) {
        List<Float> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float magnitude = 0.15f * (i / 2 + 1);
            values.add(i % 2 == 0 ? magnitude : -magnitude - 0.05f);
        }
        Collections.shuffle(values, new Random(seed));
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
