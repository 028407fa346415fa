package dev.fusion4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.fusion.FusionInputs;
import dev.fusion4j.fusion.ModalitySchema;
import dev.fusion4j.internal.tensor.djl.DjlBackend;
import java.util.Map;

/**
 * A model's parameters on a DJL device for inference. Thread-safe: parameters are only read and
 * each call works in its own sub-manager, closed at the end.
 */
final class DjlInference implements AutoCloseable {
    private final NDManager manager;
    private final ModelBlock block;
    private final ParameterStore store;
    private final ModalitySchema schema;

    DjlInference(FusionSpec spec, ModelModule module, Map<String, float[]> parameters, Device device) {
        DjlBackend.requireAvailable();
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        this.schema = spec.inputSchema();
        this.block = new ModelBlock(spec, module, parameters);
        this.block.initialize(manager, DataType.FLOAT32, FusionTrainer.inputShapes(schema));
        this.store = new ParameterStore(manager, false);
    }

    /** The raw output rows of a batch, row-major {@code [B, outputs]}. */
    float[] forward(MultimodalBatch batch) {
        try (NDManager pass = manager.newSubManager()) {
            DjlBackend backend = DjlBackend.wrap(pass);
            return block.forward(store, FusionTrainer.toNDList(FusionInputs.of(batch, schema, backend).flatten()), false)
                    .singletonOrThrow().toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
