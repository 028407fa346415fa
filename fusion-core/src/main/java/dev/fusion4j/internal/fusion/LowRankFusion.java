package dev.fusion4j.internal.fusion;

import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Low-rank multimodal fusion (LMF, Liu et al. 2018):
 * {@code h = Σ_r w_r ⊙_m ([1; h_m] W_m^(r)) + b}, width {@code out}. Every factor is a declared,
 * trained parameter (MultiBench keeps them in a plain list the optimiser never sees):
 * {@code fusion.lmf.factor.<m> [R, d + 1, out]}, {@code fusion.lmf.rank_weights [1, R]},
 * {@code fusion.lmf.bias [out]}.
 */
public final class LowRankFusion implements VectorFusion {
    private final int modalities;
    private final int width;
    private final int rank;
    private final int out;

    private LowRankFusion(int modalities, int width, int rank, int out) {
        if (rank < 1 || out < 1) {
            throw new IllegalArgumentException("low-rank fusion needs rank ≥ 1 and output width ≥ 1, got rank "
                    + rank + ", width " + out);
        }
        this.modalities = modalities;
        this.width = width;
        this.rank = rank;
        this.out = out;
    }

    public static VectorFusion.Factory factory(int rank, int outputWidth) {
        return (modalities, width) -> new LowRankFusion(modalities, width, rank, outputWidth);
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        for (int m = 0; m < modalities; m++) {
            specs.add(ParameterSpec.of(factor(m), Initializer.xavierUniform(), rank, width + 1, out));
        }
        specs.add(ParameterSpec.of("fusion.lmf.rank_weights", Initializer.xavierUniform(), 1, rank));
        specs.add(ParameterSpec.of("fusion.lmf.bias", Initializer.zeros(), out));
        return specs;
    }

    @Override
    public int outputWidth() {
        return out;
    }

    @Override
    public Tensor fuse(ModuleContext context, List<Tensor> vectors, List<Tensor> presence) {
        long batch = vectors.get(0).size(0);
        Tensor ones = context.backend().zeros(batch, 1).add(1f);
        Tensor product = null;
        for (int m = 0; m < modalities; m++) {
            Tensor augmented = context.backend().concat(List.of(ones, vectors.get(m)), -1);   // [B, d+1]
            Tensor projected = augmented.matmul(context.parameter(factor(m)));                  // [R, B, out]
            product = product == null ? projected : product.mul(projected);
        }
        Tensor weighted = context.parameter("fusion.lmf.rank_weights").matmul(product.reshape(rank, -1)); // [1, B*out]
        return weighted.reshape(batch, out).add(context.parameter("fusion.lmf.bias"));
    }

    private static String factor(int modality) {
        return "fusion.lmf.factor." + modality;
    }
}
