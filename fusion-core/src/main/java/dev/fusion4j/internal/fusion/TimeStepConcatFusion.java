package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Early fusion per time step, for sequences already on one clock (see the alignment tools):
 * {@code [B, T, d_m]} of every modality give {@code [B, T, Σ d_m]}. Padded steps and absent
 * modalities contribute zeros. Output is a sequence, not a vector, so no {@code Fusion} strategy
 * builds it yet: the heads take one vector per sample.
 */
final class TimeStepConcatFusion implements FusionOperator {
    private final ModalitySchema schema;

    TimeStepConcatFusion(ModalitySchema schema) {
        this.schema = schema;
    }

    @Override
    public ModalitySchema schema() {
        return schema;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public int outputWidth() {
        return schema.totalWidth();
    }

    /**
     * @return {@code [B, T, Σ d_m]}
     * @throws IllegalArgumentException if the modalities have different numbers of steps
     */
    @Override
    public Tensor fuse(ModuleContext context, FusionInputs inputs) {
        List<Tensor> parts = new ArrayList<>();
        long steps = -1;
        for (Modality modality : schema.modalities()) {
            ModalityTensors t = inputs.get(modality);
            long length = t.values().size(1);
            if (steps >= 0 && length != steps) {
                throw new IllegalArgumentException("time-step concatenation needs one clock: modality '" + modality
                        + "' has " + length + " steps, the first modality " + steps + "; align them first");
            }
            steps = length;
            long batch = t.values().size(0);
            Tensor valid = t.paddingMask().mul(t.presenceColumn()).reshape(batch, length, 1);
            parts.add(t.values().mul(valid));
        }
        return context.backend().concat(parts, -1);
    }
}
