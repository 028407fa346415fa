package dev.fusion4j.internal.nn;

import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.List;

/**
 * Layer normalisation over the last axis with a learned scale and shift:
 * {@code γ (x - mean) / sqrt(var + 1e-5) + β}. Parameters: {@code <name>.gamma} (ones),
 * {@code <name>.beta} (zeros).
 */
public final class LayerNorm {
    private static final float EPS = 1e-5f;

    private final String name;
    private final int width;

    public LayerNorm(String name, int width) {
        this.name = name;
        this.width = width;
    }

    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.of(name + ".gamma", Initializer.ones(), width),
                ParameterSpec.of(name + ".beta", Initializer.zeros(), width));
    }

    public Tensor apply(ModuleContext context, Tensor x) {
        return x.layerNorm(context.parameter(name + ".gamma"), context.parameter(name + ".beta"), EPS);
    }
}
