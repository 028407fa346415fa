package dev.fusion4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decompression bombs, truncated and unsupported files, and GIF canvases. */
class ImageDecoderTest {

    private static BufferedImage noise(int width, int height) {
        Random random = new Random(7);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt() & 0xFFFFFF);
            }
        }
        return image;
    }

    private static void assertMessage(ImageFormatException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    @Test
    void aTinyJpegDeclaring10000x10000IsRefusedBeforeDecoding() {
        byte[] jpeg = CraftedImages.jpegDeclaring(CraftedImages.write(noise(8, 8), "jpg"), 10_000, 10_000);
        assertTrue(jpeg.length < 1_000, jpeg.length + " bytes");
        // 10^8 pixels × (3 bytes as decoded + 4 as RGB) = 700 000 000 bytes > 512 MiB
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageDecoder.decode(jpeg));
        assertMessage(e, "10000 × 10000", "700000000 bytes", "536870912");
    }

    @Test
    void aSixteenBitRgbaPngIsBoundedByItsDecodedBytesNotItsPixels() {
        // 8000 × 8000 = 64 MP, under the pixel limit; 64·10^6 × (8 + 4) bytes = 768 000 000 bytes
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> ImageDecoder.decode(CraftedImages.pngHeader(8_000, 8_000, 16, 6)));
        assertMessage(e, "8000 × 8000", "768000000 bytes", "8 bytes per pixel", "536870912");
    }

    @Test
    void formatsOutsidePngJpegBmpGifAreRefused() {
        byte[] tiff = CraftedImages.write(noise(4, 4), "tiff");
        assertMessage(assertThrows(ImageFormatException.class, () -> ImageDecoder.decode(tiff)), "tif",
                "PNG, JPEG, BMP and GIF");
        BufferedImage bmp = ImageDecoder.decode(CraftedImages.write(noise(4, 4), "bmp"));
        assertEquals(noise(4, 4).getRGB(3, 2), bmp.getRGB(3, 2), "BMP is lossless");
    }

    @Test
    void aTruncatedJpegIsRefusedAndTheWholeOneDecodes() {
        byte[] jpeg = CraftedImages.write(noise(64, 48), "jpg");
        assertEquals(64, ImageDecoder.decode(jpeg).getWidth());
        for (int length : new int[] {jpeg.length - 2, jpeg.length * 2 / 3, 700}) {
            ImageFormatException e = assertThrows(ImageFormatException.class,
                    () -> ImageDecoder.decode(Arrays.copyOf(jpeg, length)), length + " bytes");
            assertMessage(e, "truncated");
        }
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.png");
        long size = (2L << 30) + 1;
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(size);
        }
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageDecoder.decode(file));
        assertMessage(e, "2147483649 bytes", "536870912");
    }

    // LZW codes (minimum code size 2: clear 4, end 5, 3 bits each, packed from the low bit):
    // 4, 1, 1, 5 → bits 001 100 100 101 → bytes 0x4C 0x0A; 4, 1, 0, 5 → 0x0C 0x0A
    private static final byte[] ONE_ONE = {0x4C, 0x0A};
    private static final byte[] ONE_ZERO = {0x0C, 0x0A};
    private static final int COLOUR_0 = 10 << 16 | 20 << 8 | 30;
    private static final int COLOUR_1 = 200 << 16 | 100 << 8 | 50;
    private static final int WHITE = 0xFFFFFF;

    /** Expected pixels worked out by hand; Pillow 9.4.0's {@code Image.open(gif)} gives the same canvases. */
    @Test
    void aGifFrameIsDrawnAtItsOffsetOnTheWholeCanvasAsPilDoes() {
        // 4 × 3 screen, a 2 × 1 frame of colour 1 at (1, 1); outside it PIL leaves palette entry 0
        assertCanvas(ImageDecoder.decode(CraftedImages.gif(4, 3, 1, 1, 2, 1, -1, ONE_ONE)), new int[][] {
            {COLOUR_0, COLOUR_0, COLOUR_0, COLOUR_0},
            {COLOUR_0, COLOUR_1, COLOUR_1, COLOUR_0},
            {COLOUR_0, COLOUR_0, COLOUR_0, COLOUR_0}});
        // with index 0 transparent, the outside and the frame's transparent pixel are white
        assertCanvas(ImageDecoder.decode(CraftedImages.gif(4, 3, 1, 1, 2, 1, 0, ONE_ZERO)), new int[][] {
            {WHITE, WHITE, WHITE, WHITE},
            {WHITE, COLOUR_1, WHITE, WHITE},
            {WHITE, WHITE, WHITE, WHITE}});
        // a frame reaching past a 2 × 2 screen enlarges the canvas to 3 × 2
        assertCanvas(ImageDecoder.decode(CraftedImages.gif(2, 2, 1, 1, 2, 1, -1, ONE_ONE)), new int[][] {
            {COLOUR_0, COLOUR_0, COLOUR_0},
            {COLOUR_0, COLOUR_1, COLOUR_1}});
    }

    @Test
    void aGifCanvasAboveThePixelLimitIsRefused() {
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> ImageDecoder.decode(CraftedImages.gif(65_535, 65_535, 0, 0, 2, 1, -1, ONE_ONE)));
        assertMessage(e, "GIF canvas", "65535 × 65535");
    }

    private static void assertCanvas(BufferedImage image, int[][] expected) {
        assertEquals(expected[0].length, image.getWidth(), "width");
        assertEquals(expected.length, image.getHeight(), "height");
        for (int y = 0; y < expected.length; y++) {
            for (int x = 0; x < expected[y].length; x++) {
                assertEquals(Integer.toHexString(expected[y][x]), Integer.toHexString(image.getRGB(x, y) & 0xFFFFFF),
                        "pixel (" + x + ", " + y + ")");
            }
        }
    }
}
