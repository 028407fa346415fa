package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Each strategy record checks its own settings, whether it is made by {@link Fusion} or directly
 * (as the spec's JSON reader makes it), with a message naming the setting and its value.
 */
class FusionStrategyTest {

    private static void refused(Executable make, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void intermediateSettingsOutOfRangeAreRefused() {
        refused(() -> Fusion.intermediate().width(0).sum(), "width must be ≥ 1, got 0");
        refused(() -> Fusion.intermediate().dropout(1f).gated(), "dropout must be in [0, 1), got 1.0");
        refused(() -> Fusion.intermediate().dropout(Float.NaN).attention(), "got NaN");
        refused(() -> Fusion.intermediate().lowRank(0, 8), "rank ≥ 1", "got rank 0, output width 8");
        refused(() -> Fusion.intermediate().lowRank(4, 0), "got rank 4, output width 0");
        refused(() -> Fusion.intermediate().concatMlp(), "concatMlp needs at least one hidden width", "[]");
        refused(() -> Fusion.intermediate().concatMlp(16, 0), "[16, 0]");
        refused(() -> new FusionStrategy.Intermediate(FusionStrategy.Combine.SUM, 8, 0f, MissingModality.ZERO, 0, 0,
                List.of(4)), "hidden widths belong to concatMlp, not SUM");
        refused(() -> new FusionStrategy.Intermediate(FusionStrategy.Combine.GATED, 8, 0f, MissingModality.ZERO, 2, 3,
                List.of()), "belong to lowRank, not GATED");
        assertThrows(NullPointerException.class, () -> Fusion.intermediate().missing(null).sum());
    }

    @Test
    void attentionSettingsOutOfRangeAreRefused() {
        refused(() -> Fusion.intermediate().width(8).crossAttention(3, 1), "divide the width 8, got 3");
        refused(() -> Fusion.intermediate().width(8).selfAttention(0, 1), "got 0");
        refused(() -> Fusion.intermediate().width(8).crossAttention(2, 0), "at least one layer, got 0");
        refused(() -> Fusion.intermediate().width(0).selfAttention(1, 1), "width must be ≥ 1");
        refused(() -> Fusion.intermediate().width(8).crossAttention(2, 1).selfAttentionLayers(-1), "≥ 0, got -1");
        refused(() -> Fusion.intermediate().width(8).selfAttention(2, 1).residualBlock(true), "crossAttention (MulT)");
        refused(() -> Fusion.intermediate().width(8).crossAttention(2, 1).attentionBudget(0), "≥ 1 byte");
    }

    @Test
    void lateWeightsBelongToTheWeightedRuleAndArePositive() {
        refused(() -> Fusion.late().weighted(), "one finite weight > 0 per modality, got []");
        refused(() -> Fusion.late().weighted(1, -2), "[1.0, -2.0]");
        refused(() -> Fusion.late().weighted(1, Double.NaN), "NaN");
        refused(() -> new FusionStrategy.Late(FusionStrategy.Rule.MEAN, List.of(1.0, 2.0), false),
                "weights belong to the weighted rule, not MEAN");
        assertThrows(NullPointerException.class, () -> new FusionStrategy.Late(null, List.of(), false));
    }

    @Test
    void validSettingsMakeTheStrategyTheFactoryDescribes() {
        assertEquals(new FusionStrategy.Intermediate(FusionStrategy.Combine.LOW_RANK, 16, 0.1f,
                MissingModality.LEARNED_NULL, 4, 8, List.of()), Fusion.intermediate().width(16).lowRank(4, 8));
        assertEquals(new FusionStrategy.Late(FusionStrategy.Rule.WEIGHTED, List.of(1.0, 3.0), true),
                Fusion.late().standardised().weighted(1, 3));
        FusionStrategy.Attention mult = Fusion.intermediate().width(8).crossAttention(2, 3);
        assertEquals(List.of(3, 3, true), List.of(mult.layers(), mult.selfAttentionLayers(), mult.residualBlock()),
                "MulT's self-attention layers and residual block by default, as in the paper");
    }
}
