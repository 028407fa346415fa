package dev.fusion4j.internal.fusion;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.List;

/**
 * The combining step of {@link IntermediateFusion}: from M per-modality vectors {@code h_m [B, d]}
 * (absent ones already replaced by their substitute) to one fused vector.
 */
public interface VectorFusion {

    /** Parameters, named under {@code fusion.}. */
    List<ParameterSpec> parameters();

    int outputWidth();

    /**
     * @param vectors {@code h_m [B, d]} in schema order
     * @param presence {@code [B]} per modality, 1 where the sample had it
     */
    Tensor fuse(ModuleContext context, List<Tensor> vectors, List<Tensor> presence);

    /** Makes a {@link VectorFusion} once the number of modalities M and the width d are known. */
    @FunctionalInterface
    interface Factory {
        VectorFusion create(int modalities, int width);
    }
}
