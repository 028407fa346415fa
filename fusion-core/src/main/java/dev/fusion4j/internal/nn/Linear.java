package dev.fusion4j.internal.nn;

import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.List;

/**
 * {@code y = x W + b} over the last axis, {@code W [in, out]} (Xavier), {@code b [out]} (zeros).
 * Parameters: {@code <name>.weight}, {@code <name>.bias}.
 */
public final class Linear {
    private final String name;
    private final int in;
    private final int out;
    private final boolean bias;

    public Linear(String name, int in, int out) {
        this(name, in, out, true);
    }

    public Linear(String name, int in, int out, boolean bias) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("linear '" + name + "' needs widths ≥ 1, got " + in + " -> " + out);
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.bias = bias;
    }

    public int inputWidth() {
        return in;
    }

    public int outputWidth() {
        return out;
    }

    public List<ParameterSpec> parameters() {
        ParameterSpec weight = ParameterSpec.of(name + ".weight", Initializer.xavierUniform(), in, out);
        return bias ? List.of(weight, ParameterSpec.of(name + ".bias", Initializer.zeros(), out)) : List.of(weight);
    }

    /** {@code x [..., in] -> [..., out]}. */
    public Tensor apply(ModuleContext context, Tensor x) {
        Tensor weight = context.parameter(name + ".weight");
        return bias ? x.linear(weight, context.parameter(name + ".bias")) : x.matmul(weight);
    }
}
