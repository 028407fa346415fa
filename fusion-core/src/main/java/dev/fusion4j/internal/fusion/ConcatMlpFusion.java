package dev.fusion4j.internal.fusion;

import dev.fusion4j.internal.nn.Dropout;
import dev.fusion4j.internal.nn.Linear;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code h = MLP(concat_m h_m)}: linear layers of the given widths, each followed by GELU and
 * dropout, so even one hidden layer is nonlinear; width the last hidden width. The model's head is
 * the MLP's output layer.
 */
public final class ConcatMlpFusion implements VectorFusion {
    private final List<Linear> layers = new ArrayList<>();
    private final float dropout;

    private ConcatMlpFusion(int modalities, int width, int[] hidden, float dropout) {
        int in = modalities * width;
        for (int i = 0; i < hidden.length; i++) {
            layers.add(new Linear("fusion.mlp." + i, in, hidden[i]));
            in = hidden[i];
        }
        this.dropout = Dropout.checkRate(dropout);
    }

    /**
     * @param hiddenWidths at least one width
     */
    public static VectorFusion.Factory factory(float dropout, int... hiddenWidths) {
        if (hiddenWidths.length == 0) {
            throw new IllegalArgumentException("concat + MLP needs at least one hidden width");
        }
        int[] widths = hiddenWidths.clone();
        return (modalities, width) -> new ConcatMlpFusion(modalities, width, widths, dropout);
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        layers.forEach(layer -> specs.addAll(layer.parameters()));
        return specs;
    }

    @Override
    public int outputWidth() {
        return layers.get(layers.size() - 1).outputWidth();
    }

    @Override
    public Tensor fuse(ModuleContext context, List<Tensor> vectors, List<Tensor> presence) {
        Tensor h = context.backend().concat(vectors, -1);
        for (Linear layer : layers) {
            h = Dropout.apply(context, layer.apply(context, h).gelu(), dropout);
        }
        return h;
    }
}
