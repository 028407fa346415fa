package dev.fusion4j.model;

import dev.fusion4j.internal.nn.Linear;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.List;

/**
 * What a {@link Head} adds after the fusion operator: fused features {@code [B, F]} to the head's
 * raw output {@code [B, width]}, with parameters named under {@code output.}.
 */
interface OutputLayer {
    /** No layer: late fusion's operator outputs class probabilities itself. */
    OutputLayer NONE = new OutputLayer() {
        @Override
        public List<ParameterSpec> parameters() {
            return List.of();
        }

        @Override
        public Tensor apply(ModuleContext context, Tensor fused) {
            return fused;
        }
    };

    List<ParameterSpec> parameters();

    Tensor apply(ModuleContext context, Tensor fused);

    /** {@code fused W + b}, one column per output ({@code output.weight}, {@code output.bias}). */
    static OutputLayer linear(int fusedWidth, int outputs) {
        Linear linear = new Linear("output", fusedWidth, outputs);
        return new OutputLayer() {
            @Override
            public List<ParameterSpec> parameters() {
                return linear.parameters();
            }

            @Override
            public Tensor apply(ModuleContext context, Tensor fused) {
                return linear.apply(context, fused);
            }
        };
    }
}
