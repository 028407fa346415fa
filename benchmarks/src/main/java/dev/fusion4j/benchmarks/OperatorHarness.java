package dev.fusion4j.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.fusion.FusionInputs;
import dev.fusion4j.internal.fusion.FusionOperator;
import dev.fusion4j.internal.tensor.djl.DjlBackend;
import dev.fusion4j.internal.tensor.djl.DjlModuleBlock;
import dev.fusion4j.internal.tensor.nd4j.Nd4jModuleRunner;

/**
 * One fusion operator of {@link FusionOperatorBenchmark} over one batch, ready on DJL (a seeded,
 * initialised block) and on ND4J (a runner with the same parameter values).
 */
final class OperatorHarness implements AutoCloseable {
    private final MultimodalBatch batch;
    private final NDManager manager;
    private final DjlModuleBlock<FusionInputs> block;
    private final ParameterStore store;
    private final Nd4jModuleRunner<FusionInputs> nd4j;
    private final double forwardFlops;

    OperatorHarness(String operator, MultimodalBatch batch) {
        FusionOperator module = FusionOperatorBenchmark.create(operator);
        this.batch = batch;
        this.forwardFlops = FlopCount.forward(module, batch, FusionOperatorBenchmark.SCHEMA);
        this.manager = NDManager.newBaseManager("PyTorch");
        this.block = new DjlModuleBlock<>(module, FusionInputs.layout(FusionOperatorBenchmark.SCHEMA), 1);
        block.initialize(manager, DataType.FLOAT32, djlInputs(manager).getShapes());
        this.store = new ParameterStore(manager, false);
        this.nd4j = new Nd4jModuleRunner<>(module, block.parameterValues());
    }

    /** A scope for one DJL pass; close it when done with the output. */
    NDManager newPass() {
        return manager.newSubManager();
    }

    /** The DJL output for the batch, its arrays in {@code pass}. */
    NDArray djlForward(NDManager pass, boolean training) {
        return block.forward(store, djlInputs(pass), training).singletonOrThrow();
    }

    /**
     * One DJL training step's loss, {@code mean(out²)}, after its backward pass; its arrays in
     * {@code pass}.
     */
    float djlTrainingStep(NDManager pass) {
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray out = djlForward(pass, true);
            NDArray loss = out.mul(out).mean();
            collector.backward(loss);
            return loss.getFloat();
        }
    }

    /** The matrix-product FLOPs of one forward pass over the batch ({@link FlopCount}). */
    double forwardFlops() {
        return forwardFlops;
    }

    private NDList djlInputs(NDManager pass) {
        return block.pack(FusionInputs.of(batch, FusionOperatorBenchmark.SCHEMA, DjlBackend.wrap(pass)));
    }

    /** The runner with the DJL block's parameter values. */
    Nd4jModuleRunner<FusionInputs> nd4j() {
        return nd4j;
    }

    MultimodalBatch batch() {
        return batch;
    }

    @Override
    public void close() {
        nd4j.close();
        manager.close();
    }
}
