package dev.fusion4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticDatasetsTest {

    @Test
    void twoBitsIsReproducibleAndMissesModalitiesAtTheRequestedRate() {
        List<MultimodalSample> samples = SyntheticDatasets.twoBits(4000, 3, 0.2);
        assertEquals(samples, SyntheticDatasets.twoBits(4000, 3, 0.2));
        long noText = samples.stream().filter(s -> !s.has(Modality.TEXT)).count();
        long noAudio = samples.stream().filter(s -> !s.has(Modality.AUDIO)).count();
        double sigma = Math.sqrt(0.2 * 0.8 / 4000);
        assertEquals(0.2, noText / 4000.0, 4 * sigma);
        assertEquals(0.2, noAudio / 4000.0, 4 * sigma);
        assertTrue(samples.stream().allMatch(s -> !s.modalities().isEmpty()));
    }

    @Test
    void theClearColumnOfEachModalityEncodesItsBit() {
        List<MultimodalSample> samples = SyntheticDatasets.twoBits(2000, 4, 0);
        int textAgrees = 0;
        int audioAgrees = 0;
        for (MultimodalSample s : samples) {
            int c = s.label().orElseThrow().classIndex();
            float a = s.get(Modality.TEXT).orElseThrow().get(0, 0);
            Features audio = s.get(Modality.AUDIO).orElseThrow();
            double b = 0;
            for (int t = 0; t < audio.length(); t++) {
                b += audio.get(t, 0) / audio.length();
            }
            textAgrees += ((c & 1) == 1) == (a > 0) ? 1 : 0;
            audioAgrees += ((c >> 1) == 1) == (b > 0) ? 1 : 0;
        }
        // ±1 plus noise of σ 0.3 (text: Φ(-3.3) ≈ 0.05 % wrong) and σ ≤ 0.5/√3 (audio mean: ≈ 0.03 %)
        assertTrue(textAgrees >= 0.995 * samples.size(), "text agrees on " + textAgrees);
        assertTrue(audioAgrees >= 0.995 * samples.size(), "audio agrees on " + audioAgrees);
    }
}
