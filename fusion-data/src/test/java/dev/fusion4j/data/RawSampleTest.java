package dev.fusion4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RawSampleTest {

    @Test
    void inputsGoToTheirModalitiesAndBytesAreCopied() {
        byte[] wav = {1, 2, 3};
        RawSample sample = RawSample.builder().id("s1").text("a star").audio(wav).image(Path.of("star.png"))
                .put(Modality.of("lidar"), 42).build();
        wav[0] = 9;
        assertEquals(List.of(Modality.TEXT, Modality.AUDIO, Modality.IMAGE, Modality.of("lidar")),
                List.copyOf(sample.modalities()));
        assertEquals(Optional.of("a star"), sample.get(Modality.TEXT));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) sample.get(Modality.AUDIO).orElseThrow());
        ((byte[]) sample.get(Modality.AUDIO).orElseThrow())[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) sample.get(Modality.AUDIO).orElseThrow());
        assertEquals(Optional.of(Path.of("star.png")), sample.get(Modality.IMAGE));
        assertEquals(Optional.empty(), RawSample.builder().text("x").build().get(Modality.AUDIO));
        assertEquals("raw sample 's1'", sample.describe(4));
        assertEquals("raw sample #4", RawSample.builder().text("x").build().describe(4));
    }

    @Test
    void aSampleNeedsAModality() {
        InvalidSampleException e = assertThrows(InvalidSampleException.class, () -> RawSample.builder().id("e").build());
        assertTrue(e.getMessage().contains("raw sample 'e' has no modality"), e.getMessage());
        assertThrows(NullPointerException.class, () -> RawSample.builder().put(Modality.TEXT, null));
    }
}
