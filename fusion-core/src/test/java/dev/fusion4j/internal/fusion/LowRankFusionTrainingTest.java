package dev.fusion4j.internal.fusion;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.tensor.djl.DjlBackend;
import dev.fusion4j.internal.tensor.djl.DjlModuleBlock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LMF's factors are registered parameters: they get gradients and DJL's optimiser updates them. */
class LowRankFusionTrainingTest {

    @Test
    void everyFactorReceivesANonZeroGradientAndIsUpdatedByTheOptimiser() {
        FusionOperator operator = IntermediateFusion.builder(Operators.SCHEMA).width(6)
                .combine(LowRankFusion.factory(3, 4)).build();
        MultimodalBatch batch = Operators.batch(4);
        try (Model model = Model.newInstance("lmf", "PyTorch")) {
            DjlModuleBlock<FusionInputs> block = new DjlModuleBlock<>(operator, FusionInputs.layout(Operators.SCHEMA), 1);
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                DjlBackend djl = DjlBackend.wrap(trainer.getManager());
                NDList arrays = block.pack(FusionInputs.of(batch, Operators.SCHEMA, djl));
                trainer.initialize(arrays.getShapes());
                Map<String, float[]> before = block.parameterValues();
                NDArray target = trainer.getManager().ones(new Shape(batch.size(), 4));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray loss = trainer.getLoss().evaluate(new NDList(target), trainer.forward(arrays));
                    collector.backward(loss);
                    for (var pair : block.getParameters()) {
                        Parameter parameter = pair.getValue();
                        if (parameter.getName().startsWith("fusion.lmf.factor.")) {
                            float norm = parameter.getArray().getGradient().abs().sum().getFloat();
                            assertTrue(norm > 0, parameter.getName() + " has no gradient");
                        }
                    }
                    trainer.step();
                }
                Map<String, float[]> after = block.parameterValues();
                for (String name : List.of("fusion.lmf.factor.0", "fusion.lmf.factor.1", "fusion.lmf.factor.2",
                        "fusion.lmf.rank_weights")) {
                    assertTrue(!Arrays.equals(before.get(name), after.get(name)), name + " was not updated");
                }
            }
        }
    }
}
