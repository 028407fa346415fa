package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.tensor.Backends;
import dev.fusion4j.internal.tensor.FixedModuleContext;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each late-fusion rule makes its own combiner, and a saved model names the rule as it always did.
 * Two present modalities predict {@code p_1 = (0.8, 0.2)} and {@code p_2 = (0.4, 0.6)}.
 */
class LateRuleTest {
    private static final TensorBackend B = Backends.ND4J;

    @Test
    void eachRuleCombinesByItsFormula() {
        double product = 0.8 * 0.4 + 0.2 * 0.6;
        double stackerSum = Math.exp(0.8) + Math.exp(0.2);
        Map<FusionStrategy.Rule, double[]> expected = Map.of(
                FusionStrategy.Rule.MEAN, new double[] {0.6, 0.4},
                FusionStrategy.Rule.WEIGHTED, new double[] {(3 * 0.8 + 0.4) / 4, (3 * 0.2 + 0.6) / 4},
                // learned weights softmax(ln 3, 0) = (3/4, 1/4): the weighted mean above
                FusionStrategy.Rule.LEARNED_WEIGHTS, new double[] {0.7, 0.3},
                FusionStrategy.Rule.MAX, new double[] {0.8 / 1.4, 0.6 / 1.4},
                // one vote each at prediction
                FusionStrategy.Rule.MAJORITY_VOTE, new double[] {0.5, 0.5},
                FusionStrategy.Rule.PRODUCT_OF_EXPERTS, new double[] {0.8 * 0.4 / product, 0.2 * 0.6 / product},
                // the stacker's weights pass p_1 through: softmax(0.8, 0.2)
                FusionStrategy.Rule.STACKER, new double[] {Math.exp(0.8) / stackerSum, Math.exp(0.2) / stackerSum});
        Map<String, Tensor> parameters = Map.of(
                "combiner.weights", B.fromArray(new float[] {(float) Math.log(3), 0}, 2),
                "combiner.stack.weight", B.fromArray(new float[] {1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, 6, 2),
                "combiner.stack.bias", B.fromArray(new float[] {0, 0}, 2));
        List<Tensor> probabilities = List.of(B.fromArray(new float[] {0.8f, 0.2f}, 1, 2),
                B.fromArray(new float[] {0.4f, 0.6f}, 1, 2));
        List<Tensor> presence = List.of(B.fromArray(new float[] {1}, 1, 1), B.fromArray(new float[] {1}, 1, 1));
        assertEquals(FusionStrategy.Rule.values().length, expected.size());
        for (FusionStrategy.Rule rule : FusionStrategy.Rule.values()) {
            List<Double> weights = rule == FusionStrategy.Rule.WEIGHTED ? List.of(3.0, 1.0) : List.of();
            float[] combined = rule.combiner(weights)
                    .combine(FixedModuleContext.inference(B, parameters), probabilities, presence).toFloatArray();
            double[] want = expected.get(rule);
            assertArrayEquals(new float[] {(float) want[0], (float) want[1]}, combined, 1e-5f, rule.name());
        }
    }

    @Test
    void aSavedModelNamesItsRuleAsBefore(@TempDir Path dir) throws IOException {
        Map<String, FusionStrategy> rules = Map.of(
                "MEAN", Fusion.late().mean(),
                "WEIGHTED", Fusion.late().weighted(1, 2),
                "LEARNED_WEIGHTS", Fusion.late().learnedWeights(),
                "MAX", Fusion.late().max(),
                "MAJORITY_VOTE", Fusion.late().majorityVote(),
                "PRODUCT_OF_EXPERTS", Fusion.late().productOfExperts(),
                "STACKER", Fusion.late().stacker());
        assertEquals(FusionStrategy.Rule.values().length, rules.size());
        for (Map.Entry<String, FusionStrategy> rule : rules.entrySet()) {
            Path target = dir.resolve(rule.getKey());
            FusionSpec.builder().modality(Modality.TEXT, 2).modality(Modality.AUDIO, 3)
                    .fusion(rule.getValue()).head(Head.classification("a", "b")).build().untrained().save(target);
            JsonObject settings = ModelFiles.readJson(target).getAsJsonObject("spec").getAsJsonObject("fusion")
                    .getAsJsonObject("settings");
            assertEquals(rule.getKey(), settings.get("rule").getAsString());
            assertEquals(rule.getValue(), FusionModel.load(target).spec().strategy());
        }
    }
}
