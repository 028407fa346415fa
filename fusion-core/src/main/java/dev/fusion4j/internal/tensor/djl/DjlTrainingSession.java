package dev.fusion4j.internal.tensor.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import dev.fusion4j.FusionException;
import java.util.function.Function;

/**
 * Gradient descent on one DJL {@link Block}: forward in training mode, backward from a loss,
 * one optimiser update. The block's parameters live in this session's native memory until
 * {@link #close()}; read them out before closing.
 *
 * <p>Why not DJL's {@code Trainer}: its first {@code step()} refuses gradients whose <em>signed</em>
 * sum is zero, and a softmax output layer's gradients always sum to zero (Σ_c (p_c − y_c) = 0),
 * so a two-class model whose only parameters are its output layer was never updated at all.
 * Engine failures surface as a {@link FusionException} saying what was being done, never as a raw
 * {@link EngineException}. Not thread-safe: one thread trains.
 */
public final class DjlTrainingSession implements AutoCloseable {
    private final Block block;
    private final NDManager manager;
    private final ParameterStore store;

    /**
     * Initialises {@code block} for inputs of {@code inputShapes} on {@code device}.
     *
     * @throws dev.fusion4j.model.BackendUnavailableException if PyTorch's natives are missing
     */
    public DjlTrainingSession(Block block, Optimizer optimizer, Device device, Shape... inputShapes) {
        DjlBackend.requireAvailable();
        this.block = block;
        this.manager = NDManager.newBaseManager(device, DjlBackend.ENGINE);
        try {
            block.initialize(manager, DataType.FLOAT32, inputShapes);
            Engine engine = manager.getEngine();
            store = new ParameterStore(manager, false);
            store.setParameterServer(engine.newParameterServer(optimizer), new Device[] {device});
            block.getParameters().values().forEach(parameter -> store.getValue(parameter, device, true));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A scope for one pass's arrays; close it after the pass. */
    public NDManager newPass() {
        return manager.newSubManager();
    }

    /**
     * One update: runs the block on {@code inputs} in training mode, differentiates
     * {@code loss(outputs)} (a scalar) and applies the optimiser to every trainable parameter.
     *
     * @return the loss before the update
     * @throws FusionException if the engine fails (the cause is kept)
     */
    public float step(NDList inputs, Function<NDList, NDArray> loss) {
        float value;
        try {
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray scalar = loss.apply(block.forward(store, inputs, true));
                collector.backward(scalar);
                value = scalar.getFloat();
            }
            store.updateAllParameters();
        } catch (EngineException e) {
            throw new FusionException("a training step failed in the PyTorch engine: " + e.getMessage(), e);
        }
        return value;
    }

    /** Runs the block on {@code inputs} without recording gradients (training-time statistics untouched). */
    public NDList evaluate(NDList inputs) {
        try {
            return block.forward(new ParameterStore(inputs.head().getManager(), false), inputs, false);
        } catch (EngineException e) {
            throw new FusionException("an evaluation pass failed in the PyTorch engine: " + e.getMessage(), e);
        }
    }

    /** Frees the parameters' native memory. */
    @Override
    public void close() {
        manager.close();
    }
}
