package dev.fusion4j.internal.tensor;

import java.util.List;

/** A small test module: {@code logits = layerNorm(gelu(x W1 + b1)) W2 + b2}. */
final class TwoLayerNet implements TensorModule<List<Tensor>> {
    private final int in;
    private final int hidden;
    private final int out;

    TwoLayerNet(int in, int hidden, int out) {
        this.in = in;
        this.hidden = hidden;
        this.out = out;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.of("w1", Initializer.xavierUniform(), in, hidden),
                ParameterSpec.of("b1", Initializer.zeros(), hidden),
                ParameterSpec.of("w2", Initializer.xavierUniform(), hidden, out),
                ParameterSpec.of("b2", Initializer.zeros(), out));
    }

    @Override
    public Tensor forward(ModuleContext context, List<Tensor> inputs) {
        Tensor h = inputs.get(0).matmul(context.parameter("w1")).add(context.parameter("b1")).gelu().layerNorm(1e-5f);
        return h.matmul(context.parameter("w2")).add(context.parameter("b2"));
    }
}
