package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Training-mean imputation: an absent modality becomes one valid step holding the training mean
 * of its features ({@link InputStatistics}), and counts as present from then on. The means are
 * frozen parameters {@code impute.<modality>.mean}, saved with the model.
 */
public final class MeanImputation implements InputTransform {
    private final ModalitySchema schema;
    private final InputStatistics statistics;

    public MeanImputation(ModalitySchema schema, InputStatistics statistics) {
        this.schema = schema;
        this.statistics = statistics;
        schema.modalities().forEach(statistics::mean);
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        for (Modality modality : schema.modalities()) {
            specs.add(ParameterSpec.frozen(name(modality), statistics.mean(modality), schema.width(modality)));
        }
        return specs;
    }

    @Override
    public FusionInputs apply(ModuleContext context, FusionInputs inputs) {
        FusionInputs out = inputs;
        long batch = inputs.batchSize();
        for (Modality modality : schema.modalities()) {
            ModalityTensors t = inputs.get(modality);
            long steps = t.values().size(1);
            Tensor absent = t.presence().neg().add(1f);                               // [B]
            float[] first = new float[(int) steps];
            first[0] = 1f;
            Tensor firstStep = context.backend().fromArray(first, 1, steps);          // [1, T]
            Tensor fill = absent.reshape(batch, 1).mul(firstStep);                    // [B, T]
            Tensor mean = context.parameter(name(modality)).reshape(1, 1, -1);        // [1, 1, d]
            Tensor values = t.values().add(fill.reshape(batch, steps, 1).mul(mean));
            out = out.with(modality, new ModalityTensors(values, t.paddingMask().add(fill),
                    t.presence().add(absent)));
        }
        return out;
    }

    private static String name(Modality modality) {
        return "impute." + modality.name() + ".mean";
    }
}
