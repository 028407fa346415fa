package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.model.MissingModality;
import java.util.List;

/**
 * Replaces the rows of absent samples in a per-modality vector {@code [B, w]} by the
 * {@link MissingModality} substitute: {@code h p + null (1 - p)} with {@code null} a learned
 * parameter {@code null.<modality>} (normal, σ 0.02), or zeros.
 */
final class MissingSubstitute {
    private final MissingModality policy;
    private final String prefix;

    MissingSubstitute(MissingModality policy, String prefix) {
        this.policy = policy;
        this.prefix = prefix;
    }

    List<ParameterSpec> parameters(Modality modality, int width) {
        return policy == MissingModality.LEARNED_NULL
                ? List.of(ParameterSpec.of(name(modality), Initializer.normal(0.02f), width))
                : List.of();
    }

    /** {@code h [B, w]} with absent rows ({@code presence [B]} = 0) replaced. */
    Tensor apply(ModuleContext context, Modality modality, Tensor h, Tensor presence) {
        Tensor p = presence.reshape(-1, 1);
        Tensor kept = h.mul(p);
        return policy == MissingModality.LEARNED_NULL
                ? kept.add(p.neg().add(1f).mul(context.parameter(name(modality))))
                : kept;
    }

    private String name(Modality modality) {
        return prefix + "." + modality.name();
    }
}
