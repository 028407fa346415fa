package dev.fusion4j.model;

import dev.fusion4j.internal.fusion.FusionInputs;
import dev.fusion4j.internal.fusion.ModalitySchema;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.tensor.nd4j.Nd4jModuleRunner;
import java.util.Map;

/**
 * A predictor on ND4J: the model's {@link ModelModule} in an {@link Nd4jModuleRunner} of its own,
 * whose parameter arrays and per-thread arenas are freed on close. For models without trunks.
 */
final class Nd4jPredictor extends ModelPredictor {
    private final ModalitySchema schema;
    private final Nd4jModuleRunner<FusionInputs> runner;

    Nd4jPredictor(FusionSpec spec, SampleCheck check, ModelModule module, Map<String, float[]> parameters) {
        super(spec, check);
        this.schema = spec.schema();
        this.runner = new Nd4jModuleRunner<>(module, parameters);
    }

    @Override
    float[] forward(MultimodalBatch batch) {
        return runner.forwardValues(backend -> FusionInputs.of(batch, schema, backend));
    }

    @Override
    void free() {
        runner.close();
    }
}
