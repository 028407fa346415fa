package dev.fusion4j.internal.fusion;

import dev.fusion4j.internal.nn.Linear;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The gated multimodal unit (GMU, Arevalo et al. 2017), for any number of modalities:
 * {@code ĥ_m = tanh(h_m W_m)}, gate logits {@code g = concat_m(h_m) W_g} reshaped to
 * {@code [B, M, d]}, {@code z = softmax over m of g}, {@code h = Σ_m z_m ⊙ ĥ_m}; width d. With two
 * modalities the softmax gate is the paper's {@code σ} gate ({@code softmax(a, b)_1 = σ(a - b)}).
 * Parameters: {@code fusion.gmu.<m>.weight [d, d]}, {@code fusion.gmu.gate.weight [M d, M d]} and
 * its bias.
 */
public final class GatedFusion implements VectorFusion {
    private final int modalities;
    private final int width;
    private final List<Linear> transforms = new ArrayList<>();
    private final Linear gate;

    private GatedFusion(int modalities, int width) {
        this.modalities = modalities;
        this.width = width;
        for (int m = 0; m < modalities; m++) {
            transforms.add(new Linear("fusion.gmu." + m, width, width, false));
        }
        this.gate = new Linear("fusion.gmu.gate", modalities * width, modalities * width);
    }

    public static VectorFusion.Factory factory() {
        return GatedFusion::new;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        transforms.forEach(t -> specs.addAll(t.parameters()));
        specs.addAll(gate.parameters());
        return specs;
    }

    @Override
    public int outputWidth() {
        return width;
    }

    /** The gates {@code z [B, M, d]}. */
    public Tensor gates(ModuleContext context, List<Tensor> vectors) {
        Tensor all = context.backend().concat(vectors, -1);
        return gate.apply(context, all).reshape(all.size(0), modalities, width).softmax(1);
    }

    @Override
    public Tensor fuse(ModuleContext context, List<Tensor> vectors, List<Tensor> presence) {
        List<Tensor> transformed = new ArrayList<>();
        for (int m = 0; m < modalities; m++) {
            transformed.add(transforms.get(m).apply(context, vectors.get(m)).tanh());
        }
        return gates(context, vectors).mul(context.backend().stack(transformed, 1)).sum(1, false);
    }
}
