package dev.fusion4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModalityTest {

    @Test
    void namesAreCaseInsensitiveAndEqualityIsByName() {
        assertEquals(Modality.TEXT, Modality.of("Text"));
        assertEquals("lidar", Modality.of(" LiDAR ").name());
        assertEquals(Modality.of("lidar").hashCode(), Modality.of("lidar").hashCode());
        assertNotEquals(Modality.AUDIO, Modality.IMAGE);
    }

    @Test
    void invalidNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Modality.of(""));
        assertThrows(IllegalArgumentException.class, () -> Modality.of("1st"));
        assertThrows(IllegalArgumentException.class, () -> Modality.of("a/b"));
        assertThrows(IllegalArgumentException.class, () -> Modality.of("x".repeat(65)));
    }
}
