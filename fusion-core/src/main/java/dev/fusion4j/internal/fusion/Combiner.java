package dev.fusion4j.internal.fusion;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.List;

/**
 * Combines per-modality class probabilities into one distribution for {@link LateFusion}.
 * Absent modalities leave the combination and the remaining weights renormalise.
 */
public interface Combiner {

    /** Parameters, named under {@code combiner.}; none for fixed rules. */
    List<ParameterSpec> parameters(int modalities, int classes);

    /**
     * @param probabilities {@code p_m [B, C]} per modality, in schema order
     * @param presence {@code [B, 1]} per modality
     * @return probabilities {@code [B, C]}, each row summing to 1
     */
    Tensor combine(ModuleContext context, List<Tensor> probabilities, List<Tensor> presence);
}
