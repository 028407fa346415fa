package dev.fusion4j.internal.nn;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * MulT's residual block before the output layer:
 * {@code h + dropout(ReLU(h W_1 + b_1)) W_2 + b_2}, widths equal. Parameters: {@code <name>.up.*}
 * and {@code <name>.down.*}.
 */
public final class ResidualBlock {
    private final Linear up;
    private final Linear down;
    private final float dropout;

    public ResidualBlock(String name, int width, float dropout) {
        this.up = new Linear(name + ".up", width, width);
        this.down = new Linear(name + ".down", width, width);
        this.dropout = Dropout.checkRate(dropout);
    }

    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>(up.parameters());
        specs.addAll(down.parameters());
        return specs;
    }

    /** {@code h [..., width]} to the same shape. */
    public Tensor apply(ModuleContext context, Tensor h) {
        return h.add(down.apply(context, Dropout.apply(context, up.apply(context, h).relu(), dropout)));
    }
}
