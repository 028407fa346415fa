package dev.fusion4j.internal.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.nn.AttentionBudget;
import dev.fusion4j.model.AttentionBudgetException;
import dev.fusion4j.internal.tensor.Backends;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attention operators estimate the memory of their attention scores from the input shapes and
 * refuse a pass over budget before computing anything (issue 16, item 7). The refused passes run
 * with no parameters at all: reading one would fail, so nothing ran before the check.
 */
class AttentionBudgetTest {
    private static final ModalitySchema SCHEMA = ModalitySchema.builder().add(Modality.TEXT, 2)
            .add(Modality.AUDIO, 1).build();
    private static final TensorBackend BACKEND = Backends.named("djl");

    /** One sample: text of {@code textSteps} steps, audio of {@code audioSteps}. */
    private static FusionInputs inputs(int textSteps, int audioSteps) {
        MultimodalSample sample = MultimodalSample.builder()
                .put(Modality.TEXT, Features.sequence(new float[textSteps][2]))
                .put(Modality.AUDIO, Features.sequence(new float[audioSteps][1])).build();
        return FusionInputs.of(MultimodalBatch.collate(List.of(sample), SCHEMA.widths()), SCHEMA, BACKEND);
    }

    private static CrossModalAttentionFusion mult(long budget) {
        return CrossModalAttentionFusion.builder(SCHEMA).width(4).heads(2).layers(1).selfAttentionLayers(1)
                .dropout(0f).attentionBudget(new AttentionBudget(budget)).build();
    }

    @Test
    void oneLayerHoldsSixScoreTensorsOfFourBytesPerBatchHeadQueryAndKey() {
        assertEquals(2.0 * 4 * 3 * 5 * 4 * 6, AttentionBudget.layerBytes(2, 4, 3, 5));
        // the case: two 20 000-step sequences, one sample, 4 heads: 38.4 GB for one layer
        assertEquals(3.84e10, AttentionBudget.layerBytes(1, 4, 20_000, 20_000));
        assertEquals(1L << 30, AttentionBudget.defaults().bytes());
        assertThrows(IllegalArgumentException.class, () -> new AttentionBudget(0));
    }

    @Test
    void crossAttentionCountsEveryPairAndSelfAttentionLayerAndRefusesOverBudget() {
        // text 20 steps, audio 10, batch 1, 2 heads, one layer of each kind:
        // cross text←audio 20 × 10 + audio←text 10 × 20, self text 20 × 20 + audio 10 × 10 = 900 query-key pairs
        long needed = 900L * 2 * Float.BYTES * AttentionBudget.LIVE_SCORE_TENSORS;
        AttentionBudgetException e = assertThrows(AttentionBudgetException.class,
                () -> mult(needed - 1).fuse(new FixedContext(BACKEND), inputs(20, 10)));
        assertEquals(needed, e.neededBytes());
        assertEquals(needed - 1, e.budgetBytes());
        assertTrue(e.getMessage().contains("window the sequences") && e.getMessage().contains("lower the batch size")
                && e.getMessage().contains("{text=20, audio=10}"), e.getMessage());

        CrossModalAttentionFusion exactlyEnough = mult(needed);
        FixedContext context = FusionOperatorContractTest.contextWith(BACKEND, exactlyEnough.parameters(),
                FusionOperatorContractTest.initialValues(exactlyEnough.parameters()));
        assertArrayEquals(new long[] {1, exactlyEnough.outputWidth()},
                exactlyEnough.fuse(context, inputs(20, 10)).shape());
    }

    @Test
    void twoModalitiesOfAHundredThousandStepsAreRefusedUnderTheDefaultBudgetWithoutAllocatingTheScores() {
        CrossModalAttentionFusion defaults = CrossModalAttentionFusion.builder(SCHEMA).width(4).heads(2).build();
        AttentionBudgetException e = assertThrows(AttentionBudgetException.class,
                () -> defaults.fuse(new FixedContext(BACKEND), inputs(100_000, 100_000)));
        // 2 cross-modal layers per pair and 2 self-attention layers per target, 2 heads:
        // 2 × (2 × 10¹⁰ + 2 × 10¹⁰) pairs × 2 heads × 24 bytes = 3.84 × 10¹² bytes = 3.49 TiB
        assertEquals(3.84e12, e.neededBytes());
        assertTrue(e.getMessage().contains("would need 3.49 TiB") && e.getMessage().contains("over the budget of 1.00 GiB"),
                e.getMessage());
    }

    @Test
    void selfAttentionCountsAllTokensOfAllModalitiesTogether() {
        // 20 + 10 = 30 tokens, batch 1, 2 heads, 2 layers: 2 × 30 × 30 query-key pairs
        long needed = 2L * 30 * 30 * 2 * Float.BYTES * AttentionBudget.LIVE_SCORE_TENSORS;
        SelfAttentionFusion tight = SelfAttentionFusion.of(SCHEMA, 4, 2, 2, 0f, new AttentionBudget(needed - 1));
        AttentionBudgetException e = assertThrows(AttentionBudgetException.class,
                () -> tight.fuse(new FixedContext(BACKEND), inputs(20, 10)));
        assertEquals(needed, e.neededBytes());
        assertTrue(e.getMessage().contains("30 tokens"), e.getMessage());

        SelfAttentionFusion enough = SelfAttentionFusion.of(SCHEMA, 4, 2, 2, 0f, new AttentionBudget(needed));
        FixedContext context = FusionOperatorContractTest.contextWith(BACKEND, enough.parameters(),
                FusionOperatorContractTest.initialValues(enough.parameters()));
        assertArrayEquals(new long[] {1, 4}, enough.fuse(context, inputs(20, 10)).shape());
    }
}
