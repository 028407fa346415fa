package dev.fusion4j.internal.fusion;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.Tensors;
import java.util.List;

/**
 * Tensor fusion (TFN, Zadeh et al. 2017): {@code h = flatten([1; h_1] ⊗ [1; h_2] ⊗ … ⊗ [1; h_M])},
 * width {@code (d + 1)^M} — keep d small. The appended 1s keep every unimodal and lower-order
 * interaction term. No parameters.
 */
public final class TensorFusion implements VectorFusion {
    private final int outputWidth;

    private TensorFusion(int modalities, int width) {
        long out = 1;
        for (int m = 0; m < modalities; m++) {
            out = Math.multiplyExact(out, width + 1L);
        }
        if (out > 1_000_000) {
            throw new IllegalArgumentException("tensor fusion of " + modalities + " modalities of width " + width
                    + " is " + out + " wide; use a smaller projection width or low-rank fusion");
        }
        this.outputWidth = (int) out;
    }

    public static VectorFusion.Factory factory() {
        return TensorFusion::new;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public int outputWidth() {
        return outputWidth;
    }

    @Override
    public Tensor fuse(ModuleContext context, List<Tensor> vectors, List<Tensor> presence) {
        long batch = vectors.get(0).size(0);
        Tensor ones = context.backend().zeros(batch, 1).add(1f);
        Tensor product = context.backend().concat(List.of(ones, vectors.get(0)), -1);
        for (int m = 1; m < vectors.size(); m++) {
            Tensor next = context.backend().concat(List.of(ones, vectors.get(m)), -1);
            product = Tensors.outer(product, next).reshape(batch, -1);
        }
        return product;
    }
}
