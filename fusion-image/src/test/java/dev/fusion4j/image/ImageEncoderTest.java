package dev.fusion4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fusion4j.CloseRace;
import dev.fusion4j.data.Features;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageEncoderTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ImageEncoderTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The reference scripts' test image: r = (7x + 3y) mod 256, g = xy mod 256, b = (255 − 5x) mod 256 (Python's mod: ≥ 0). */
    private static BufferedImage pattern(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, (7 * x + 3 * y) % 256 << 16 | (x * y) % 256 << 8 | Math.floorMod(255 - 5 * x, 256));
            }
        }
        return image;
    }

    /** An encoder's tokens for {@link #pattern} against the feature map {@code [1, C, h, w]} PyTorch recorded. */
    private static void assertRecordedFeatureMap(String json, ResNetImageEncoder encoder, int size) throws IOException {
        JsonObject reference = JsonParser.parseString(new String(resource(json), StandardCharsets.UTF_8))
                .getAsJsonObject();
        JsonArray shape = reference.getAsJsonArray("shape");
        int channels = shape.get(1).getAsInt();
        int cells = shape.get(2).getAsInt() * shape.get(3).getAsInt();
        Features tokens = encoder.encode(pattern(size));
        JsonArray expected = reference.getAsJsonArray("values");
        assertEquals(channels, encoder.dim());
        assertEquals(cells, tokens.length(), "positions of the feature map");
        for (int c = 0; c < channels; c++) {
            for (int cell = 0; cell < cells; cell++) {
                assertEquals(expected.get(c * cells + cell).getAsDouble(), tokens.get(cell, c), 1e-4);
            }
        }
    }

    @Test
    void torchScriptExtractorGivesTheOutputsRecordedByPyTorch() throws Exception {
        Path model = Path.of(ImageEncoderTest.class.getResource("/torchscript/tiny-extractor.pt").toURI());
        try (ResNetImageEncoder encoder = ResNetImageEncoder.builder().torchScript(model)
                .preprocessor(ImagePreprocessor.of(32, 32, new float[3], new float[] {1, 1, 1}))
                .output(ResNetImageEncoder.Output.TOKENS).build()) {
            assertRecordedFeatureMap("/torchscript/reference.json", encoder, 32);
        }
    }

    /**
     * torchvision's ResNet-18 (narrowed, random weights), traced by Debian's torch: loaded through
     * DJL's {@code Criteria} from a {@code file:} URL naming a local model-repository folder, with
     * DJL in offline mode, it gives the feature map PyTorch recorded.
     */
    @Test
    void torchvisionResNetLoadsOfflineFromALocalModelRepository() throws Exception {
        Path repository = Path.of(ImageEncoderTest.class.getResource("/reference/resnet18-narrow").toURI());
        String url = repository.toUri().toString();
        assertTrue(url.startsWith("file:/"), url);
        String offline = System.getProperty("ai.djl.offline");
        System.setProperty("ai.djl.offline", "true");
        try (ResNetImageEncoder encoder = ResNetImageEncoder.builder().modelUrl(url)
                .preprocessor(ImagePreprocessor.of(64, 64, new float[3], new float[] {1, 1, 1}))
                .output(ResNetImageEncoder.Output.TOKENS).build()) {
            assertRecordedFeatureMap("/reference/resnet18-narrow.json", encoder, 64);
        } finally {
            if (offline == null) {
                System.clearProperty("ai.djl.offline");
            } else {
                System.setProperty("ai.djl.offline", offline);
            }
        }
    }

    @Test
    void closingTwiceIsHarmlessAndUseAfterCloseIsAClearError() {
        ResNetImageEncoder encoder = ResNetImageEncoder.builder().builtIn(ResNet.Depth.RESNET18, 0.125, 1)
                .preprocessor(ImagePreprocessor.of(32, 32, new float[3], new float[] {1, 1, 1})).build();
        encoder.close();
        encoder.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> encoder.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void closingWhileEightThreadsEncodeWaitsForThemAndNeverCrashes() throws Exception {
        BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        for (int round = 0; round < 3; round++) {
            ResNetImageEncoder encoder = ResNetImageEncoder.builder().builtIn(ResNet.Depth.RESNET18, 0.125, 1)
                    .preprocessor(ImagePreprocessor.of(32, 32, new float[3], new float[] {1, 1, 1})).build();
            closeWhileEightThreadsEncode(encoder, () -> encoder.encode(image));
        }
    }

    /** Eight threads encode while the main thread closes {@code encoder}. */
    private static void closeWhileEightThreadsEncode(AutoCloseable encoder, Runnable encode) throws Exception {
        CloseRace.closeWhileThreadsCall(encoder, encode, 8, "this encoder is closed");
    }

    @Test
    void missingModelsFailClearly() {
        ImageFormatException file = assertThrows(ImageFormatException.class,
                () -> ResNetImageEncoder.builder().torchScript(Path.of("no-such-model.pt")).build());
        assertTrue(file.getMessage().contains("no-such-model.pt"), file.getMessage());
        ImageFormatException url = assertThrows(ImageFormatException.class, () -> ResNetImageEncoder.builder()
                .modelUrl("djl://ai.djl.pytorch/resnet").build());
        assertTrue(url.getMessage().contains("network"), url.getMessage());
    }

    @Test
    void preprocessingOfA4x4ImageMatchesHandWorkedValues() {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        int[][] red = {{0, 40, 80, 120}, {20, 60, 100, 140}, {160, 200, 240, 255}, {180, 220, 250, 10}};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, red[y][x] << 16 | 51 << 8 | 255);
            }
        }
        // halving with half-pixel centres samples at 0.5 and 2.5: each output is its 2×2 block's mean
        float[] out = ImagePreprocessor.of(2, 2, new float[] {0.5f, 0, 0}, new float[] {0.5f, 1, 1}).apply(image);
        double[] blocks = {(0 + 40 + 20 + 60) / 4.0, (80 + 120 + 100 + 140) / 4.0,
            (160 + 200 + 180 + 220) / 4.0, (240 + 255 + 250 + 10) / 4.0};
        for (int i = 0; i < 4; i++) {
            assertEquals((blocks[i] / 255 - 0.5) / 0.5, out[i], 1e-6, "red " + i);
            assertEquals(51 / 255.0, out[4 + i], 1e-6, "green " + i);
            assertEquals(1.0, out[8 + i], 1e-6, "blue " + i);
        }
        // 4 × 6 → shorter side 2 gives 2 × 3; the centre 2 × 2 crop starts at column round(0.5) = 0
        BufferedImage wide = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 6; x++) {
            for (int y = 0; y < 4; y++) {
                wide.setRGB(x, y, (x * 40) << 16);
            }
        }
        float[] cropped = ImagePreprocessor.of(2, 2, new float[3], new float[] {1, 1, 1}).apply(wide);
        assertEquals((0 + 40) / 2.0 / 255, cropped[0], 1e-6);
        assertEquals((80 + 120) / 2.0 / 255, cropped[1], 1e-6);
    }

    @Test
    void builtInEncoderGivesPooledVectorsAndTokensForAnyImage() throws IOException {
        try (ResNetImageEncoder encoder = ResNetImageEncoder.builder().builtIn(ResNet.Depth.RESNET18, 0.25, 1)
                .preprocessor(ImagePreprocessor.of(64, 64, new float[] {0.485f, 0.456f, 0.406f},
                        new float[] {0.229f, 0.224f, 0.225f})).build()) {
            assertEquals(128, encoder.dim());
            BufferedImage onePixel = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            onePixel.setRGB(0, 0, 0x336699);
            Features pooled = encoder.encode(png(onePixel));
            assertEquals(128, pooled.dim());
            BufferedImage gray = new BufferedImage(80, 64, BufferedImage.TYPE_BYTE_GRAY);
            assertEquals(128, encoder.encode(gray).dim());
        }
    }

    @Test
    void badImagesGetTypedErrorsNeverACrashOrOutOfMemory() throws IOException {
        BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        byte[] good = png(image);
        assertEquals(20, ImageDecoder.decode(good).getWidth());
        assertThrows(ImageFormatException.class, () -> ImageDecoder.decode(new byte[0]));
        assertThrows(ImageFormatException.class, () -> ImageDecoder.decode(Arrays.copyOf(good, good.length / 2)));
        assertThrows(ImageFormatException.class,
                () -> ImageDecoder.decode("just some text, named photo.png".getBytes(StandardCharsets.UTF_8)));
        ImageFormatException bomb = assertThrows(ImageFormatException.class,
                () -> ImageDecoder.decode(CraftedImages.pngHeader(30_000, 30_000, 8, 2)));
        assertTrue(bomb.getMessage().contains("30000 × 30000"), bomb.getMessage());
        // a CMYK JPEG (made by make_images.py) decodes to the colour PIL gives: (255, 127, 0)
        int cmyk = ImageDecoder.decode(resource("/images/cmyk.jpg")).getRGB(3, 3);
        assertEquals(255, (cmyk >> 16) & 0xFF, 3);
        assertEquals(127, (cmyk >> 8) & 0xFF, 3);
        assertEquals(0, cmyk & 0xFF, 3);
    }

    @Test
    void exifOrientationAndTransparencyAreApplied() throws IOException {
        BufferedImage tall = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(tall, "jpg", out);
        byte[] jpeg = out.toByteArray();
        byte[] rotated = withExifOrientation(jpeg, 6);
        BufferedImage decoded = ImageDecoder.decode(rotated);
        assertEquals(2, decoded.getWidth(), "orientation 6 turns the image a quarter");
        assertEquals(4, decoded.getHeight());
        BufferedImage transparent = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        assertEquals(0xFFFFFF, ImageDecoder.decode(png(transparent)).getRGB(0, 0) & 0xFFFFFF, "over white");
    }

    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0);
        byte[] exif = ByteBuffer.allocate(6 + 26).put("Exif".getBytes()).put(new byte[2]).put(tiff.array()).array();
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + exif.length);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) (exif.length + 2)).put(exif)
                .put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }
}
