package dev.fusion4j.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.tensor.djl.DjlBackend;
import java.util.Map;

/**
 * A predictor on DJL: the model's {@link ModelBlock} with its parameters in an {@link NDManager} of
 * its own, freed on close. Each call works in a sub-manager, closed at its end, so calls leave no
 * array behind; parameters are only read, so calls may run at once.
 */
final class DjlPredictor extends ModelPredictor {
    private final NDManager manager;
    private final ModelBlock block;
    private final ParameterStore store;

    /**
     * @throws dev.fusion4j.model.BackendUnavailableException if PyTorch's natives are missing
     */
    DjlPredictor(FusionSpec spec, SampleCheck check, ModelModule module, Map<String, float[]> parameters,
                 Device device) {
        super(spec, check);
        DjlBackend.requireAvailable();
        this.block = new ModelBlock(spec, module, parameters);
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            block.initialize(manager, DataType.FLOAT32, block.inputShapes());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.store = new ParameterStore(manager, false);
    }

    @Override
    float[] forward(MultimodalBatch batch) {
        try (NDManager pass = manager.newSubManager()) {
            DjlBackend backend = DjlBackend.wrap(pass);
            return block.forward(store, block.inputs(batch, backend), false).singletonOrThrow().toFloatArray();
        }
    }

    @Override
    void free() {
        manager.close();
    }
}
