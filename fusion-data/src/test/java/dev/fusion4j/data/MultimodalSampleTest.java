package dev.fusion4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultimodalSampleTest {

    @Test
    void sampleKeepsModalitiesInInsertionOrderWithLabelAndId() {
        MultimodalSample sample = MultimodalSample.builder()
                .id("s1")
                .put(Modality.AUDIO, Features.vector(1))
                .put(Modality.TEXT, Features.vector(2, 3))
                .label(4)
                .build();
        assertEquals(List.of(Modality.AUDIO, Modality.TEXT), List.copyOf(sample.modalities()));
        assertEquals("s1", sample.id().orElseThrow());
        assertEquals(4, sample.label().orElseThrow().classIndex());
        assertTrue(sample.has(Modality.TEXT));
        assertFalse(sample.has(Modality.IMAGE));
        assertTrue(sample.get(Modality.IMAGE).isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> sample.features().clear());
    }

    @Test
    void withoutRemovesOneModalityAndKeepsTheRest() {
        MultimodalSample sample = MultimodalSample.builder()
                .put(Modality.AUDIO, Features.vector(1))
                .put(Modality.TEXT, Features.vector(2, 3))
                .build();
        MultimodalSample textOnly = sample.without(Modality.AUDIO);
        assertEquals(List.of(Modality.TEXT), List.copyOf(textOnly.modalities()));
        assertTrue(sample.has(Modality.AUDIO), "the original is unchanged");
        InvalidSampleException e = assertThrows(InvalidSampleException.class, () -> textOnly.without(Modality.TEXT));
        assertTrue(e.getMessage().contains("no modality"), e.getMessage());
    }

    @Test
    void sampleWithoutAnyModalityIsRejectedNamingIt() {
        InvalidSampleException e = assertThrows(InvalidSampleException.class,
                () -> MultimodalSample.builder().id("empty-1").label(0).build());
        assertTrue(e.getMessage().contains("'empty-1'"), e.getMessage());
    }

    @Test
    void labelsValidateTheirValues() {
        assertThrows(IllegalArgumentException.class, () -> Label.ofClass(-1));
        assertThrows(IllegalArgumentException.class, () -> Label.ofValues(1f, Float.NaN));
        assertThrows(IllegalArgumentException.class, Label::ofValues);
        assertThrows(IllegalStateException.class, () -> Label.ofClass(1).values());
        assertThrows(IllegalStateException.class, () -> Label.ofValues(1f).classIndex());
        assertEquals(Label.ofValues(1f, 2f), Label.ofValues(1f, 2f));
    }
}
