package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.train.TrainingOptions;

import com.google.gson.Gson;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.fusion.ModalitySchema;
import dev.fusion4j.internal.nn.AttentionBudget;
import dev.fusion4j.internal.tensor.ParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings of {@code crossAttention} and {@code selfAttention}, their defaults and old model files. */
class AttentionStrategyTest {
    private static final ModalitySchema SCHEMA = ModalitySchema.builder().add(Modality.TEXT, 3)
            .add(Modality.AUDIO, 2).build();

    private static List<String> parameterNames(FusionStrategy strategy) {
        return strategy.createOperator(SCHEMA, null, 0).parameters().stream().map(ParameterSpec::name).toList();
    }

    @Test
    void crossAttentionIsMulTCompleteByDefault() {
        FusionStrategy.Attention mult = Fusion.intermediate().width(8).crossAttention(2, 3);
        assertEquals(3, mult.selfAttentionLayers());
        assertTrue(mult.residualBlock());
        assertEquals(AttentionBudget.DEFAULT_BYTES, mult.attentionBudget());
        List<String> names = parameterNames(mult);
        assertTrue(names.contains("self.text.2.attention.query.weight") && names.contains("self.audio.norm.gamma")
                && names.contains("residual.down.weight"), names.toString());
        List<String> crossOnly = parameterNames(mult.selfAttentionLayers(0).residualBlock(false));
        assertFalse(crossOnly.stream().anyMatch(n -> n.startsWith("self.") || n.startsWith("residual.")),
                crossOnly.toString());
    }

    @Test
    void aModelFileFromBeforeTheseSettingsLoadsAsTheOperatorItWasTrainedWith() {
        // the settings ModelStore saves for an older crossAttention(2, 1), read as it reads them (Gson on the record)
        String old = "{\"cross\":true,\"width\":8,\"heads\":2,\"layers\":1,\"dropout\":0.1,\"missing\":\"LEARNED_NULL\"}";
        FusionStrategy.Attention loaded = new Gson().fromJson(old, FusionStrategy.Attention.class);
        assertEquals(new FusionStrategy.Attention(true, 8, 2, 1, 0.1f, MissingModality.LEARNED_NULL, 0, false,
                AttentionBudget.DEFAULT_BYTES), loaded);
        assertEquals(parameterNames(Fusion.intermediate().width(8).crossAttention(2, 1).selfAttentionLayers(0)
                .residualBlock(false)), parameterNames(loaded));

        FusionStrategy.Attention current = Fusion.intermediate().width(8).crossAttention(2, 1).attentionBudget(12345);
        assertEquals(current, new Gson().fromJson(new Gson().toJson(current), FusionStrategy.Attention.class));
    }

    @Test
    void impossibleSettingsAreRefusedAtOnce() {
        FusionStrategy.Attention mult = Fusion.intermediate().crossAttention(2, 1);
        assertThrows(IllegalArgumentException.class, () -> mult.selfAttentionLayers(-1));
        assertThrows(IllegalArgumentException.class, () -> mult.attentionBudget(0));
        FusionStrategy.Attention self = Fusion.intermediate().selfAttention(2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> self.selfAttentionLayers(1));
        assertTrue(e.getMessage().contains("crossAttention"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> self.residualBlock(true));
    }

    @Test
    void fitRefusesSequencesOverTheAttentionBudgetWithTheTypedError() {
        List<MultimodalSample> samples = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            samples.add(MultimodalSample.builder().put(Modality.TEXT, Features.vector(i, 1, -i))
                    .put(Modality.AUDIO, Features.sequence(new float[5][2])).label(i % 2).build());
        }
        FusionSpec spec = FusionSpec.builder().modality(Modality.TEXT, 3).modality(Modality.AUDIO, 2)
                .head(Head.classification("a", "b"))
                .fusion(Fusion.intermediate().width(8).crossAttention(2, 1).attentionBudget(1024)).build();
        // a batch of 32, 2 heads: cross 1 × 5 + 5 × 1, self 1 × 1 + 5 × 5 query-key pairs, 24 bytes each: 55 296 bytes
        AttentionBudgetException e = assertThrows(AttentionBudgetException.class, () -> spec.train(samples, List.of(),
                TrainingOptions.builder().epochs(1).batchSize(32).progress(false).build()));
        assertEquals(1024, e.budgetBytes());
        assertTrue(e.getMessage().contains("steps {text=1, audio=5}"), e.getMessage());
    }
}
