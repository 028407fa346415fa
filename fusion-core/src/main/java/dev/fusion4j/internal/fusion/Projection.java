package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.nn.Activation;
import dev.fusion4j.internal.nn.LayerNorm;
import dev.fusion4j.internal.nn.Linear;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-modality projection to a shared width {@code d}, step by step:
 * {@code act(LN(x W_m + b_m))} ({@code LN} optional), {@code [B, T, d_m] -> [B, T, d]}.
 * Parameters: {@code proj.<modality>.linear.*} and {@code proj.<modality>.norm.*}.
 */
public final class Projection {
    private final ModalitySchema schema;
    private final int width;
    private final boolean layerNorm;
    private final Activation activation;

    public Projection(ModalitySchema schema, int width, boolean layerNorm, Activation activation) {
        if (width < 1) {
            throw new IllegalArgumentException("projection width must be ≥ 1, got " + width);
        }
        this.schema = schema;
        this.width = width;
        this.layerNorm = layerNorm;
        this.activation = activation;
    }

    /** A plain linear projection. */
    public static Projection linear(ModalitySchema schema, int width) {
        return new Projection(schema, width, false, Activation.NONE);
    }

    /** The shared width d. */
    public int width() {
        return width;
    }

    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        for (Modality modality : schema.modalities()) {
            specs.addAll(linear(modality).parameters());
            if (layerNorm) {
                specs.addAll(norm(modality).parameters());
            }
        }
        return specs;
    }

    /** Projects {@code values [B, T, d_m]} of {@code modality} to {@code [B, T, d]}. */
    public Tensor apply(ModuleContext context, Modality modality, Tensor values) {
        Tensor projected = linear(modality).apply(context, values);
        if (layerNorm) {
            projected = norm(modality).apply(context, projected);
        }
        return activation.apply(projected);
    }

    private Linear linear(Modality modality) {
        return new Linear("proj." + modality.name() + ".linear", schema.width(modality), width);
    }

    private LayerNorm norm(Modality modality) {
        return new LayerNorm("proj." + modality.name() + ".norm", width);
    }
}
