package dev.fusion4j.model;

import dev.fusion4j.data.Modality;
import dev.fusion4j.fusion.FusionModule;
import dev.fusion4j.fusion.FusionOperator;
import dev.fusion4j.fusion.InputStatistics;
import dev.fusion4j.fusion.InputTransform;
import dev.fusion4j.fusion.ModalityDropout;
import dev.fusion4j.fusion.ModalitySchema;
import java.util.List;
import java.util.Map;

/**
 * Everything that defines a model's architecture and training randomness; saved in
 * {@code model.json}.
 */
record ModelSpec(ModalitySchema schema, FusionStrategy strategy, Head head, Map<Modality, Double> modalityDropout,
                 long seed) {
    ModelSpec {
        modalityDropout = Map.copyOf(modalityDropout);
    }

    /** The trainable module: transforms, fusion operator and (unless late) the output layer. */
    ModelModule module(InputStatistics statistics) {
        int classes = head.kind() == Head.Kind.CLASSIFICATION ? head.classes() : 0;
        FusionOperator operator = strategy.createOperator(schema, statistics, classes);
        List<InputTransform> transforms = modalityDropout.isEmpty()
                ? List.of()
                : List.of(ModalityDropout.of(modalityDropout));
        FusionModule fusion = new FusionModule(operator, transforms);
        if (head.kind() == Head.Kind.EMBEDDING) {
            return ModelModule.embedding(fusion, head.outputs(), head.classes());
        }
        return new ModelModule(fusion, strategy.isLate() ? 0 : head.outputs());
    }
}
