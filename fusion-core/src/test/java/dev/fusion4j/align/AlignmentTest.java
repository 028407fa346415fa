package dev.fusion4j.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidFeaturesException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlignmentTest {
    /** Irregular steps at 0, 0.1, 0.35 and 1.0 s with values 0, 1, 3.5 and 10 (value = 10 t). */
    private static final Features IRREGULAR = Features.sequence(new float[][] {{0}, {1}, {3.5f}, {10}})
            .withTimestamps(0, 0.1, 0.35, 1.0);

    @Test
    void nearestAndLinearOnIrregularStepsWithAGapLongerThanTheMaximum() {
        double[] clock = {0.0, 0.2, 0.3, 0.6, 1.0};
        AlignedFeatures nearest = TemporalAligner.of(TemporalAligner.Method.NEAREST, 0.15).align(IRREGULAR, clock);
        // 0.2 → 0.1 (1); 0.3 → 0.35 (3.5); 0.6 is 0.25 s from 0.35 and 0.4 s from 1.0: missing
        assertArrayEquals(new float[] {0, 1, 3.5f, 0, 10}, nearest.features().toArray());
        assertArrayEquals(new float[] {1, 1, 1, 0, 1}, nearest.mask());
        AlignedFeatures linear = TemporalAligner.of(TemporalAligner.Method.LINEAR, 0.3).align(IRREGULAR, clock);
        // 0.2: between 0.1 and 0.35, 40 % of the way: 1 + 0.4·2.5 = 2; 0.3: 1 + 0.8·2.5 = 3;
        // 0.6: 1.0 is 0.4 s away, more than 0.3: missing
        assertArrayEquals(new float[] {0, 2, 3, 0, 10}, linear.features().toArray(), 1e-6f);
        assertArrayEquals(new float[] {1, 1, 1, 0, 1}, linear.mask());
        assertArrayEquals(clock, linear.features().timestamps());
    }

    @Test
    void windowPoolingAveragesOrMaximisesTheStepsInEachWindow() {
        double[] clock = {0.05, 0.35, 0.65, 0.95};   // windows of 0.3 s: [-0.1, 0.2) [0.2, 0.5) [0.5, 0.8) [0.8, 1.1)
        AlignedFeatures mean = TemporalAligner.windowed(TemporalAligner.Method.WINDOW_MEAN, 0.3).align(IRREGULAR, clock);
        assertArrayEquals(new float[] {0.5f, 3.5f, 0, 10}, mean.features().toArray(), 1e-6f);
        assertArrayEquals(new float[] {1, 1, 0, 1}, mean.mask());
        AlignedFeatures max = TemporalAligner.windowed(TemporalAligner.Method.WINDOW_MAX, 0.3).align(IRREGULAR, clock);
        assertArrayEquals(new float[] {1, 3.5f, 0, 10}, max.features().toArray(), 1e-6f);
    }

    @Test
    void identicalClocksAreTheIdentityAndUntimedSourcesAreRejected() {
        for (TemporalAligner.Method method : List.of(TemporalAligner.Method.NEAREST, TemporalAligner.Method.LINEAR)) {
            AlignedFeatures same = TemporalAligner.of(method, 0).align(IRREGULAR, IRREGULAR.timestamps());
            assertArrayEquals(IRREGULAR.toArray(), same.features().toArray());
            assertArrayEquals(new float[] {1, 1, 1, 1}, same.mask());
        }
        assertThrows(InvalidFeaturesException.class, () -> TemporalAligner.of(TemporalAligner.Method.NEAREST, 1)
                .align(Features.sequence(new float[][] {{1}}), new double[] {0}));
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, TemporalAligner.clock(4, 0, 1), 1e-12);
    }

    @Test
    void imputationFillsGapsAndRecordsWhatItInvented() {
        AlignedFeatures gappy = TemporalAligner.of(TemporalAligner.Method.NEAREST, 0.01)
                .align(Features.sequence(new float[][] {{2}, {8}}).withTimestamps(0.1, 0.4), new double[] {0, 0.1, 0.2,
                    0.3, 0.4, 0.5});
        assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0}, gappy.mask());
        float[] imputed = new float[6];
        assertArrayEquals(new float[] {2, 2, 2, 2, 8, 8},
                Imputation.of(Imputation.Rule.LAST_OBSERVATION).fill(gappy, imputed).toArray());
        assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1}, imputed);
        assertArrayEquals(new float[] {2, 2, 4, 6, 8, 8},
                Imputation.of(Imputation.Rule.LINEAR).fill(gappy, imputed).toArray(), 1e-5f);
        assertArrayEquals(new float[] {0, 2, 0, 0, 8, 0}, Imputation.of(Imputation.Rule.ZERO).fill(gappy, imputed).toArray());
        assertArrayEquals(new float[] {5, 2, 5, 5, 8, 5},
                Imputation.mean(new float[] {5}).fill(gappy, imputed).toArray());
    }

    @Test
    void windowingCutsOverlappingWindowsAndKeepsShortRecordings() {
        Features audio = Features.sequence(new float[][] {{1}, {2}, {3}, {4}, {5}}).withTimestamps(0, 0.5, 1.0, 1.5, 2.0);
        Features video = Features.sequence(new float[][] {{10}, {20}}).withTimestamps(0.2, 1.2);
        List<MultimodalSample> windows = Windowing.cut(Map.of(Modality.AUDIO, audio, Modality.IMAGE, video), 1.0, 0.5);
        assertEquals(5, windows.size(), "starts 0, 0.5, 1.0, 1.5, 2.0");
        assertEquals("0.000-1.000", windows.get(0).id().orElseThrow());
        assertArrayEquals(new float[] {1, 2}, windows.get(0).get(Modality.AUDIO).orElseThrow().toArray());
        assertArrayEquals(new float[] {10}, windows.get(0).get(Modality.IMAGE).orElseThrow().toArray());
        assertTrue(windows.get(4).get(Modality.IMAGE).isEmpty(), "no video step in [2, 3)");
        Features shortOne = Features.sequence(new float[][] {{7}}).withTimestamps(0.3);
        List<MultimodalSample> single = Windowing.cut(Map.of(Modality.AUDIO, shortOne), 10, 10);
        assertEquals(1, single.size(), "a recording shorter than one window gives one window");
    }
}
