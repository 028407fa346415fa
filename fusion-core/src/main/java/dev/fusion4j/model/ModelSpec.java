package dev.fusion4j.model;

import dev.fusion4j.data.Modality;
import dev.fusion4j.fusion.FusionOperator;
import dev.fusion4j.fusion.InputStatistics;
import dev.fusion4j.fusion.InputTransform;
import dev.fusion4j.fusion.ModalityDropout;
import dev.fusion4j.fusion.ModalitySchema;
import dev.fusion4j.internal.tensor.ParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that defines a model's architecture and training randomness; saved in
 * {@code model.json}.
 *
 * @param schema the widths the fusion operator sees (a trunk's output width for its modality)
 * @param trunks the modalities that pass through a trainable {@link Trunk} first
 */
record ModelSpec(ModalitySchema schema, Map<Modality, Trunk> trunks, FusionStrategy strategy, Head head,
                 Map<Modality, Double> modalityDropout, long seed) {
    ModelSpec {
        trunks = Collections.unmodifiableMap(new LinkedHashMap<>(trunks));
        modalityDropout = Map.copyOf(modalityDropout);
    }

    /** The widths of the samples' features: a trunk's input width for its modality. */
    ModalitySchema inputSchema() {
        Map<Modality, Integer> widths = new LinkedHashMap<>(schema.widths());
        trunks.forEach((modality, trunk) -> widths.put(modality, trunk.inputWidth()));
        return ModalitySchema.of(widths);
    }

    /** Every parameter of the model: the module's, then the trunks' (with their starting values). */
    List<ParameterSpec> parameters(InputStatistics statistics) {
        List<ParameterSpec> specs = new ArrayList<>(module(statistics).parameters());
        trunks.forEach((modality, trunk) -> specs.addAll(TrunkParameters.specs(modality, trunk, seed)));
        return specs;
    }

    /** The trainable module: transforms, fusion operator and (unless late) the output layer. */
    ModelModule module(InputStatistics statistics) {
        int classes = head.kind() == Head.Kind.CLASSIFICATION ? head.classes() : 0;
        FusionOperator operator = strategy.createOperator(schema, statistics, classes);
        List<InputTransform> transforms = modalityDropout.isEmpty()
                ? List.of()
                : List.of(ModalityDropout.of(modalityDropout));
        if (head.kind() == Head.Kind.EMBEDDING) {
            return ModelModule.embedding(transforms, operator, head.outputs(), head.classes());
        }
        return new ModelModule(transforms, operator, strategy.isLate() ? 0 : head.outputs());
    }
}
