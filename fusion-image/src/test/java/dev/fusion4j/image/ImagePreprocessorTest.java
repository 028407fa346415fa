package dev.fusion4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {

    @Test
    void aOneByTenMillionImageIsResizedAndCroppedWithoutOverflow() {
        int height = 10_000_000;
        BufferedImage image = new BufferedImage(1, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 4_999_999, 100 << 16);
        image.setRGB(0, 5_000_000, 200 << 16);
        float[] out = ImagePreprocessor.of(256, 224, new float[3], new float[] {1, 1, 1}).apply(image);
        // Worked by hand: the image resizes to 256 × 2 560 000 000 (beyond int); the crop starts at
        // row round((2 560 000 000 - 224) / 2) = 1 279 999 888 and column 16. Crop row y samples source
        // row (1 279 999 888 + y + 0.5) / 256 - 0.5 = 4 999 999 + (16.5 + y) / 256, between the rows
        // holding red 100 and 200; every column samples the only source column.
        for (int y = 0; y < 224; y++) {
            double red = 100 + 100 * (16.5 + y) / 256;
            for (int x = 0; x < 224; x++) {
                assertEquals(red / 255, out[y * 224 + x], 1e-6, "red at (" + x + ", " + y + ")");
                assertEquals(0, out[(224 + y) * 224 + x], 1e-6, "green");
                assertEquals(0, out[(2 * 224 + y) * 224 + x], 1e-6, "blue");
            }
        }
    }
}
