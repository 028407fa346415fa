package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.nn.Pooling;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.model.MissingModality;
import java.util.ArrayList;
import java.util.List;

/**
 * Early fusion of pooled vectors: {@code concat_m(s_m(pool(x_m)))}, width {@code Σ d_m}, where
 * {@code pool} is the masked mean over time and {@code s_m} the optional standardisation
 * {@code (v - μ_m) / σ_m} with statistics fitted on training data (frozen parameters
 * {@code stats.<modality>.mean|std}). An absent modality becomes its missing substitute (zeros —
 * the training mean once standardised — or a learned null vector).
 */
public final class EarlyFusion implements FusionOperator {
    private final ModalitySchema schema;
    private final Standardisation standardisation;
    private final MissingSubstitute missing;

    /**
     * @param standardisation statistics to standardise with, or {@code null} for raw features
     */
    public EarlyFusion(ModalitySchema schema, InputStatistics standardisation, MissingModality missing) {
        this.schema = schema;
        this.standardisation = standardisation == null ? null : new Standardisation(standardisation, schema);
        this.missing = new MissingSubstitute(missing, "null");
    }

    /** Raw pooled features, zeros for absent modalities. */
    public static EarlyFusion concat(ModalitySchema schema) {
        return new EarlyFusion(schema, null, MissingModality.ZERO);
    }

    @Override
    public ModalitySchema schema() {
        return schema;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        for (Modality modality : schema.modalities()) {
            int width = schema.width(modality);
            if (standardisation != null) {
                specs.addAll(standardisation.parameters(modality, width));
            }
            specs.addAll(missing.parameters(modality, width));
        }
        return specs;
    }

    @Override
    public int outputWidth() {
        return schema.totalWidth();
    }

    @Override
    public Tensor fuse(ModuleContext context, FusionInputs inputs) {
        List<Tensor> parts = new ArrayList<>();
        for (Modality modality : schema.modalities()) {
            ModalityTensors t = inputs.get(modality);
            Tensor pooled = Pooling.mean(t.values(), t.paddingMask());
            if (standardisation != null) {
                pooled = standardisation.apply(context, modality, pooled);
            }
            parts.add(missing.apply(context, modality, pooled, t.presence()));
        }
        return context.backend().concat(parts, -1);
    }
}
