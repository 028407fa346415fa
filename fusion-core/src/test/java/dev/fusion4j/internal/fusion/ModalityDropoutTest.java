package dev.fusion4j.internal.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.tensor.Backends;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModalityDropoutTest {
    private static final ModalitySchema SCHEMA = ModalitySchema.builder()
            .add(Modality.TEXT, 2).add(Modality.AUDIO, 2).add(Modality.IMAGE, 2).build();
    private static final double P_TEXT = 0.5;
    private static final double P_AUDIO = 0.3;
    private static final double P_IMAGE = 0.1;

    private static MultimodalSample full() {
        return MultimodalSample.builder()
                .put(Modality.TEXT, Features.vector(1, 2))
                .put(Modality.AUDIO, Features.sequence(new float[][] {{3, 4}, {5, 6}}))
                .put(Modality.IMAGE, Features.vector(7, 8)).build();
    }

    private static ModalityDropout dropout() {
        return ModalityDropout.of(Map.of(Modality.TEXT, P_TEXT, Modality.AUDIO, P_AUDIO, Modality.IMAGE, P_IMAGE));
    }

    @Test
    void dropRatesMatchTheConfiguredProbabilitiesAndNeverDropEverything() {
        TensorBackend b = Backends.ND4J;
        int samples = 20_000;
        FusionInputs inputs = FusionInputs.of(MultimodalBatch.collate(Collections.nCopies(samples, full()),
                SCHEMA.widths()), SCHEMA, b);
        FusionInputs dropped = dropout().apply(new FixedContext(b, true, 42), inputs);
        float[] text = dropped.get(Modality.TEXT).presence().toFloatArray();
        float[] audio = dropped.get(Modality.AUDIO).presence().toFloatArray();
        float[] image = dropped.get(Modality.IMAGE).presence().toFloatArray();
        int[] drops = new int[3];
        for (int i = 0; i < samples; i++) {
            assertTrue(text[i] + audio[i] + image[i] >= 1, "sample " + i + " lost every modality");
            drops[0] += text[i] == 0 ? 1 : 0;
            drops[1] += audio[i] == 0 ? 1 : 0;
            drops[2] += image[i] == 0 ? 1 : 0;
        }
        // when all three are drawn (probability Π p), one of them, chosen uniformly, is kept
        double allDrawn = P_TEXT * P_AUDIO * P_IMAGE;
        double[] expected = {P_TEXT - allDrawn / 3, P_AUDIO - allDrawn / 3, P_IMAGE - allDrawn / 3};
        for (int m = 0; m < 3; m++) {
            double rate = drops[m] / (double) samples;
            double sigma = Math.sqrt(expected[m] * (1 - expected[m]) / samples);
            assertEquals(expected[m], rate, 4 * sigma, "modality " + m);
        }
    }

    @Test
    void droppedModalityLooksExactlyLikeAnAbsentOne() {
        TensorBackend b = Backends.ND4J;
        FusionInputs inputs = FusionInputs.of(MultimodalBatch.collate(Collections.nCopies(200, full()),
                SCHEMA.widths()), SCHEMA, b);
        FusionInputs dropped = ModalityDropout.of(Map.of(Modality.AUDIO, 0.5))
                .apply(new FixedContext(b, true, 1), inputs);
        ModalityTensors audio = dropped.get(Modality.AUDIO);
        float[] presence = audio.presence().toFloatArray();
        float[] padding = audio.paddingMask().toFloatArray();
        float[] values = audio.values().toFloatArray();
        int droppedCount = 0;
        for (int i = 0; i < presence.length; i++) {
            if (presence[i] == 0) {
                droppedCount++;
                assertArrayEquals(new float[2], new float[] {padding[2 * i], padding[2 * i + 1]});
                for (int j = 0; j < 4; j++) {
                    assertEquals(0f, values[4 * i + j]);
                }
            } else {
                assertArrayEquals(new float[] {3, 4, 5, 6}, java.util.Arrays.copyOfRange(values, 4 * i, 4 * i + 4));
            }
        }
        assertTrue(droppedCount > 50 && droppedCount < 150, "dropped " + droppedCount);
        assertArrayEquals(inputs.get(Modality.TEXT).presence().toFloatArray(),
                dropped.get(Modality.TEXT).presence().toFloatArray());
    }

    @Test
    void inferencePassesAreUntouchedAndTrainingRepeatsUnderASeed() {
        TensorBackend b = Backends.ND4J;
        FusionInputs inputs = FusionInputs.of(MultimodalBatch.collate(Collections.nCopies(50, full()),
                SCHEMA.widths()), SCHEMA, b);
        assertSame(inputs, dropout().apply(new FixedContext(b, false, 1), inputs));
        List<float[]> first = new ArrayList<>();
        List<float[]> second = new ArrayList<>();
        for (Modality m : SCHEMA.modalities()) {
            first.add(dropout().apply(new FixedContext(b, true, 7), inputs).get(m).presence().toFloatArray());
            second.add(dropout().apply(new FixedContext(b, true, 7), inputs).get(m).presence().toFloatArray());
        }
        for (int m = 0; m < first.size(); m++) {
            assertArrayEquals(first.get(m), second.get(m));
        }
    }

    @Test
    void invalidRatesAndSamplesWithoutAnySchemaModalityAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ModalityDropout.of(Map.of(Modality.TEXT, 1.0)));
        assertThrows(IllegalArgumentException.class, () -> ModalityDropout.of(Map.of(Modality.TEXT, -0.1)));
        MultimodalSample lidarOnly = MultimodalSample.builder().id("lidar-only")
                .put(Modality.of("lidar"), Features.vector(1)).build();
        MultimodalBatch batch = MultimodalBatch.collate(List.of(full(), lidarOnly));
        InvalidSampleException e = assertThrows(InvalidSampleException.class,
                () -> FusionInputs.of(batch, SCHEMA, Backends.ND4J));
        assertTrue(e.getMessage().contains("'lidar-only'"), e.getMessage());
    }
}
