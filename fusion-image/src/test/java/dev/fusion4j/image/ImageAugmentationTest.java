package dev.fusion4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageAugmentationTest {

    private static BufferedImage gradient() {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                image.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 128);
            }
        }
        return image;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void theSameSeedGivesTheSameAugmentationAndOtherSeedsDiffer() {
        ImageAugmentation augmentation = new ImageAugmentation(24, 0.5, 0.4, 15);
        BufferedImage a = augmentation.apply(gradient(), new Random(3));
        BufferedImage b = augmentation.apply(gradient(), new Random(3));
        BufferedImage c = augmentation.apply(gradient(), new Random(4));
        assertEquals(24, a.getWidth());
        assertEquals(24, a.getHeight());
        assertArrayEquals(pixels(a), pixels(b));
        assertTrue(!java.util.Arrays.equals(pixels(a), pixels(c)));
    }

    @Test
    void flipMirrorsColumnsAndCropAloneKeepsColoursInRange() {
        BufferedImage image = gradient();
        BufferedImage flipped = ImageAugmentation.flip(image);
        assertEquals(image.getRGB(0, 5), flipped.getRGB(39, 5));
        assertEquals(image.getRGB(39, 29), flipped.getRGB(0, 29));
        // crop only (no flip, jitter or rotation): every red value stays within the source's 0..234
        BufferedImage cropped = new ImageAugmentation(16, 0, 0, 0).apply(image, new Random(1));
        for (int p : pixels(cropped)) {
            assertTrue(((p >> 16) & 0xFF) <= 234);
            assertEquals(128, p & 0xFF, 1);
        }
    }

    @Test
    void brightnessJitterScalesAUniformImageWithinItsBounds() {
        BufferedImage grey = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 100; i++) {
            grey.setRGB(i % 10, i / 10, 0x646464);
        }
        ImageAugmentation jitter = new ImageAugmentation(10, 0, 0.3, 0);
        Random random = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int v = jitter.apply(grey, random).getRGB(5, 5) & 0xFF;
            assertTrue(v >= 100 * 0.7 - 1 && v <= 100 * 1.3 + 1, "value " + v);
        }
        assertThrows(IllegalArgumentException.class, () -> new ImageAugmentation(0, 0.5, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ImageAugmentation(8, 1.5, 0.1, 0));
    }
}
