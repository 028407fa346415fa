package dev.fusion4j.internal.nn;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Position-wise feed-forward: {@code Linear(d, hidden) → GELU → dropout → Linear(hidden, d)}. */
public final class FeedForward {
    private final Linear up;
    private final Linear down;
    private final float dropout;

    public FeedForward(String name, int width, int hidden, float dropout) {
        this.up = new Linear(name + ".up", width, hidden);
        this.down = new Linear(name + ".down", hidden, width);
        this.dropout = Dropout.checkRate(dropout);
    }

    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>(up.parameters());
        specs.addAll(down.parameters());
        return specs;
    }

    public Tensor apply(ModuleContext context, Tensor x) {
        return down.apply(context, Dropout.apply(context, up.apply(context, x).gelu(), dropout));
    }
}
