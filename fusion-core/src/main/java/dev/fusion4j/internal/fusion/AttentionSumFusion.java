package dev.fusion4j.internal.fusion;

import dev.fusion4j.internal.nn.Linear;
import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Attention-weighted sum over modalities: {@code s_m = v · tanh(h_m W + b)},
 * {@code α = softmax_m(s)} over the modalities the sample has, {@code h = Σ_m α_m h_m}; width d.
 * Parameters: {@code fusion.score.weight [d, a]}, {@code fusion.score.bias [a]},
 * {@code fusion.score.vector [a, 1]}.
 */
public final class AttentionSumFusion implements VectorFusion {
    private static final float MASKED = -1e9f;

    private final int width;
    private final int attentionWidth;
    private final Linear score;

    private AttentionSumFusion(int width, int attentionWidth) {
        this.width = width;
        this.attentionWidth = attentionWidth;
        this.score = new Linear("fusion.score", width, attentionWidth);
    }

    public static VectorFusion.Factory factory(int attentionWidth) {
        return (modalities, width) -> new AttentionSumFusion(width, attentionWidth);
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>(score.parameters());
        specs.add(ParameterSpec.of("fusion.score.vector", Initializer.xavierUniform(), attentionWidth, 1));
        return specs;
    }

    @Override
    public int outputWidth() {
        return width;
    }

    /** The attention weights {@code α [B, M]}; absent modalities get 0. */
    public Tensor weights(ModuleContext context, List<Tensor> vectors, List<Tensor> presence) {
        List<Tensor> scores = new ArrayList<>();
        for (Tensor h : vectors) {
            scores.add(score.apply(context, h).tanh().matmul(context.parameter("fusion.score.vector")));  // [B, 1]
        }
        Tensor s = context.backend().concat(scores, -1);                                        // [B, M]
        Tensor present = context.backend().stack(presence, 1);                                 // [B, M]
        return s.maskedFill(present.neg().add(1f), MASKED).softmax(-1).mul(present);
    }

    @Override
    public Tensor fuse(ModuleContext context, List<Tensor> vectors, List<Tensor> presence) {
        Tensor alpha = weights(context, vectors, presence);                                    // [B, M]
        Tensor stacked = context.backend().stack(vectors, 1);                                  // [B, M, d]
        return alpha.reshape(alpha.size(0), -1, 1).mul(stacked).sum(1, false);
    }
}
