package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.List;

/**
 * {@code (v - μ_m) / σ_m} of a modality's pooled vector, with statistics fitted on training data
 * and kept as frozen parameters {@code stats.<modality>.mean|std}; shared by early and late fusion.
 */
final class Standardisation {
    private final InputStatistics statistics;

    Standardisation(InputStatistics statistics, ModalitySchema schema) {
        this.statistics = statistics;
        schema.modalities().forEach(statistics::mean);   // every modality has statistics
    }

    List<ParameterSpec> parameters(Modality modality, int width) {
        return List.of(ParameterSpec.frozen(name(modality, "mean"), statistics.mean(modality), width),
                ParameterSpec.frozen(name(modality, "std"), statistics.std(modality), width));
    }

    Tensor apply(ModuleContext context, Modality modality, Tensor pooled) {
        return pooled.sub(context.parameter(name(modality, "mean"))).div(context.parameter(name(modality, "std")));
    }

    private static String name(Modality modality, String statistic) {
        return "stats." + modality.name() + "." + statistic;
    }
}
