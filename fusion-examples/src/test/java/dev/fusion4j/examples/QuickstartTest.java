package dev.fusion4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuickstartTest {

    @Test
    void syntheticDataIsReproducibleAndMissesModalitiesAtTheDocumentedRates() {
        List<MultimodalSample> samples = SyntheticData.generate(2000, 3);
        assertEquals(samples, SyntheticData.generate(2000, 3));
        long noText = samples.stream().filter(s -> !s.has(Modality.TEXT)).count();
        long noAudio = samples.stream().filter(s -> !s.has(Modality.AUDIO)).count();
        assertEquals(0.2, noText / 2000.0, 0.03);
        assertEquals(0.2, noAudio / 2000.0, 0.03);
        assertTrue(samples.stream().allMatch(s -> s.modalities().size() >= 1));
    }
}
