package dev.fusion4j.internal.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollationTest {
    private static final Modality LIDAR = Modality.of("lidar");

    private static MultimodalSample audioText(String id, float[][] audio, float[] text, int label) {
        MultimodalSample.Builder builder = MultimodalSample.builder().id(id).label(label);
        if (audio != null) {
            builder.put(Modality.AUDIO, Features.sequence(audio));
        }
        if (text != null) {
            builder.put(Modality.TEXT, Features.vector(text));
        }
        return builder.build();
    }

    @Test
    void sequencesArePaddedToTheLongestWithMasks() {
        MultimodalBatch batch = MultimodalBatch.collate(List.of(
                audioText("a", new float[][] {{1, 2}, {3, 4}}, new float[] {9}, 0),
                audioText("b", new float[][] {{5, 6}, {7, 8}, {9, 10}}, null, 2),
                audioText("c", null, new float[] {8}, 1)));

        ModalityBatch audio = batch.modality(Modality.AUDIO);
        assertEquals(3, audio.batchSize());
        assertEquals(3, audio.maxLength());
        assertEquals(2, audio.dim());
        assertTrue(audio.isSequence());
        assertArrayEquals(new float[] {
            1, 2, 3, 4, 0, 0,
            5, 6, 7, 8, 9, 10,
            0, 0, 0, 0, 0, 0}, audio.values());
        assertArrayEquals(new float[] {1, 1, 0, 1, 1, 1, 0, 0, 0}, audio.paddingMask());
        assertArrayEquals(new float[] {1, 1, 0}, audio.presence());
        assertEquals(2, audio.length(0));
        assertEquals(0, audio.length(2));

        ModalityBatch text = batch.modality(Modality.TEXT);
        assertFalse(text.isSequence());
        assertEquals(1, text.maxLength());
        assertArrayEquals(new float[] {9, 0, 8}, text.values());
        assertArrayEquals(new float[] {1, 0, 1}, text.presence());
        assertArrayEquals(new float[] {1, 0, 1}, text.paddingMask());

        assertEquals(List.of(Modality.AUDIO, Modality.TEXT), batch.modalities());
        assertEquals(List.of("a", "b", "c"), batch.sampleNames());
        assertArrayEquals(new int[] {0, 2, 1}, batch.labels().classes());
    }

    @Test
    void schemaGivesTensorsEvenForModalitiesAllSamplesMiss() {
        MultimodalSample textOnly = MultimodalSample.builder().put(Modality.TEXT, Features.vector(1, 2)).build();
        MultimodalBatch batch = MultimodalBatch.collate(List.of(textOnly),
                Map.of(Modality.TEXT, 2, Modality.IMAGE, 4));
        ModalityBatch image = batch.modality(Modality.IMAGE);
        assertArrayEquals(new float[4], image.values());
        assertArrayEquals(new float[] {0}, image.presence());
        assertFalse(batch.hasLabels());
        assertThrows(IllegalStateException.class, batch::labels);
    }

    @Test
    void modalityOutsideTheSchemaIsRejected() {
        MultimodalSample sample = MultimodalSample.builder().id("x").put(LIDAR, Features.vector(1)).build();
        CollationException e = assertThrows(CollationException.class,
                () -> MultimodalBatch.collate(List.of(sample), Map.of(Modality.TEXT, 1)));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("lidar"), e.getMessage());
    }

    @Test
    void widthMismatchNamesTheSampleAndModality() {
        MultimodalSample first = MultimodalSample.builder().id("first").put(Modality.TEXT, Features.vector(1, 2)).build();
        MultimodalSample second = MultimodalSample.builder().put(Modality.TEXT, Features.vector(1, 2, 3)).build();
        CollationException e = assertThrows(CollationException.class,
                () -> MultimodalBatch.collate(List.of(first, second)));
        assertEquals("modality 'text' of sample '#1' has width 3, expected 2", e.getMessage());
        CollationException schema = assertThrows(CollationException.class,
                () -> MultimodalBatch.collate(List.of(first), Map.of(Modality.TEXT, 5)));
        assertTrue(schema.getMessage().contains("'first'") && schema.getMessage().contains("expected 5"));
    }

    @Test
    void vectorsAndSequencesCannotMixInOneModality() {
        MultimodalSample vector = MultimodalSample.builder().id("v").put(Modality.AUDIO, Features.vector(1, 2)).build();
        MultimodalSample sequence = MultimodalSample.builder().id("s")
                .put(Modality.AUDIO, Features.sequence(new float[][] {{1, 2}})).build();
        CollationException e = assertThrows(CollationException.class,
                () -> MultimodalBatch.collate(List.of(vector, sequence)));
        assertTrue(e.getMessage().contains("mixes vectors and sequences"), e.getMessage());
    }

    @Test
    void emptyListAndMixedLabelsAreRejected() {
        assertThrows(CollationException.class, () -> MultimodalBatch.collate(List.of()));
        MultimodalSample labelled = MultimodalSample.builder().id("l").put(Modality.TEXT, Features.vector(1)).label(1)
                .build();
        MultimodalSample unlabelled = MultimodalSample.builder().id("u").put(Modality.TEXT, Features.vector(1)).build();
        CollationException missing = assertThrows(CollationException.class,
                () -> MultimodalBatch.collate(List.of(labelled, unlabelled)));
        assertTrue(missing.getMessage().contains("'u' has no label"), missing.getMessage());
        MultimodalSample values = MultimodalSample.builder().id("v").put(Modality.TEXT, Features.vector(1))
                .label(Label.ofValues(0.5f)).build();
        assertThrows(CollationException.class, () -> MultimodalBatch.collate(List.of(labelled, values)));
    }

    @Test
    void featuresOnlyCollationMixesLabelledUnlabelledAndValueLabelledSamplesAndKeepsNoLabels() {
        MultimodalSample labelled = MultimodalSample.builder().id("l").put(Modality.TEXT, Features.vector(1, 2))
                .label(1).build();
        MultimodalSample unlabelled = MultimodalSample.builder().id("u").put(Modality.TEXT, Features.vector(3, 4))
                .build();
        MultimodalSample values = MultimodalSample.builder().id("v").put(Modality.AUDIO, Features.vector(5))
                .label(Label.ofValues(0.5f, 2f)).build();
        MultimodalBatch batch = MultimodalBatch.collateFeatures(List.of(labelled, unlabelled, values),
                Map.of(Modality.TEXT, 2, Modality.AUDIO, 1));
        assertFalse(batch.hasLabels());
        assertThrows(IllegalStateException.class, batch::labels);
        assertEquals(List.of("l", "u", "v"), batch.sampleNames());
        assertArrayEquals(new float[] {1, 2, 3, 4, 0, 0}, batch.modality(Modality.TEXT).values());
        assertArrayEquals(new float[] {0, 0, 1}, batch.modality(Modality.AUDIO).presence());
        CollationException wide = assertThrows(CollationException.class, () -> MultimodalBatch.collateFeatures(
                List.of(unlabelled), Map.of(Modality.TEXT, 3)));
        assertTrue(wide.getMessage().contains("'u'"), wide.getMessage());
    }

    @Test
    void valueLabelsAreCollatedRowMajor() {
        MultimodalSample a = MultimodalSample.builder().put(Modality.TEXT, Features.vector(1))
                .label(Label.ofValues(1, 0, 1)).build();
        MultimodalSample b = MultimodalSample.builder().put(Modality.TEXT, Features.vector(2))
                .label(Label.ofValues(0, 1, 0)).build();
        BatchLabels labels = MultimodalBatch.collate(List.of(a, b)).labels();
        assertFalse(labels.isClass());
        assertEquals(3, labels.width());
        assertArrayEquals(new float[] {1, 0, 1, 0, 1, 0}, labels.values());
    }

    @Test
    void batchTooLargeForOneTensorFailsClearlyInsteadOfRunningOutOfMemory() {
        Features big = Features.sequence(new float[1000 * 1000], 1000, 1000);
        MultimodalSample sample = MultimodalSample.builder().put(Modality.AUDIO, big).build();
        List<MultimodalSample> samples = Collections.nCopies(2200, sample);
        CollationException e = assertThrows(CollationException.class, () -> MultimodalBatch.collate(samples));
        assertTrue(e.getMessage().contains("[2200, 1000, 1000]"), e.getMessage());
    }

    @Test
    void unknownModalityLookupNamesWhatTheBatchHas() {
        MultimodalBatch batch = MultimodalBatch.collate(List.of(
                MultimodalSample.builder().put(Modality.TEXT, Features.vector(1)).build()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> batch.modality(LIDAR));
        assertTrue(e.getMessage().contains("[text]"), e.getMessage());
    }
}
