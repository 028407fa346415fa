package dev.fusion4j.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.awt.image.BufferedImage;

/**
 * Fuzz target: any bytes either decode to an RGB image within the pixel limit or fail with
 * {@link ImageFormatException}; the seed corpus runs in every test run.
 */
class ImageDecoderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void decodeThrowsOnlyImageFormatException(byte[] data) {
        try {
            BufferedImage image = ImageDecoder.decode(data);
            if ((long) image.getWidth() * image.getHeight() > ImageDecoder.MAX_PIXELS) {
                throw new IllegalStateException("decoded an image above the pixel limit");
            }
        } catch (ImageFormatException expected) {
            // documented
        }
    }
}
