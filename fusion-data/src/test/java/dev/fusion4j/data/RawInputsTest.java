package dev.fusion4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RawInputsTest {

    @Test
    void inputsGoToTheirModalitiesAndBytesAreCopied() {
        byte[] wav = {1, 2, 3};
        RawInputs sample = RawInputs.builder().id("s1").text("a star").audio(wav).image(Path.of("star.png"))
                .put(Modality.of("lidar"), 42).build();
        wav[0] = 9;
        assertEquals(List.of(Modality.TEXT, Modality.AUDIO, Modality.IMAGE, Modality.of("lidar")),
                List.copyOf(sample.modalities()));
        assertEquals(Optional.of("a star"), sample.get(Modality.TEXT));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) sample.get(Modality.AUDIO).orElseThrow());
        ((byte[]) sample.get(Modality.AUDIO).orElseThrow())[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) sample.get(Modality.AUDIO).orElseThrow());
        assertEquals(Optional.of(Path.of("star.png")), sample.get(Modality.IMAGE));
        assertEquals(Optional.empty(), RawInputs.builder().text("x").build().get(Modality.AUDIO));
        assertEquals("raw sample 's1'", sample.describe(4));
        assertEquals("raw sample #4", RawInputs.builder().text("x").build().describe(4));
    }

    @Test
    void aSampleNeedsAModality() {
        InvalidSampleException e = assertThrows(InvalidSampleException.class, () -> RawInputs.builder().id("e").build());
        assertTrue(e.getMessage().contains("raw sample 'e' has no modality"), e.getMessage());
        assertThrows(NullPointerException.class, () -> RawInputs.builder().put(Modality.TEXT, null));
    }

    @Test
    void aDataSetsRowGivesItsTextsAndFilesUnderItsId() {
        RawInputs inputs = RawInputs.of(new dev.fusion4j.dataset.RawSample("manifest.csv:7",
                java.util.Map.of(Modality.TEXT, "a star, shining"), java.util.Map.of(Modality.AUDIO, Path.of("/d/a.wav"),
                Modality.IMAGE, Path.of("/d/a.png")), "star"));
        assertEquals(Optional.of("manifest.csv:7"), inputs.id());
        assertEquals(java.util.Set.of(Modality.TEXT, Modality.AUDIO, Modality.IMAGE), inputs.modalities());
        assertEquals(Optional.of("a star, shining"), inputs.get(Modality.TEXT));
        assertEquals(Optional.of(Path.of("/d/a.wav")), inputs.get(Modality.AUDIO));
        assertEquals(Optional.of(Path.of("/d/a.png")), inputs.get(Modality.IMAGE));
    }
}
