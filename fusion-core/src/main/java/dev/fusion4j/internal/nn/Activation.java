package dev.fusion4j.internal.nn;

import dev.fusion4j.internal.tensor.Tensor;

/** Element-wise activations. */
public enum Activation {
    NONE, RELU, GELU, TANH, SIGMOID;

    public Tensor apply(Tensor x) {
        return switch (this) {
            case NONE -> x;
            case RELU -> x.relu();
            case GELU -> x.gelu();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
        };
    }
}
