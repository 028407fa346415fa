package dev.fusion4j.internal.fusion;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.List;

/** {@code h = Σ_m h_m}, width d. No parameters. */
public final class SumFusion implements VectorFusion {
    private final int width;

    private SumFusion(int width) {
        this.width = width;
    }

    public static VectorFusion.Factory factory() {
        return (modalities, width) -> new SumFusion(width);
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public int outputWidth() {
        return width;
    }

    @Override
    public Tensor fuse(ModuleContext context, List<Tensor> vectors, List<Tensor> presence) {
        Tensor sum = vectors.get(0);
        for (int m = 1; m < vectors.size(); m++) {
            sum = sum.add(vectors.get(m));
        }
        return sum;
    }
}
