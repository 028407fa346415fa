package dev.fusion4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Arrays;
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

    /** A 4 × 4 image whose pixel (x, y) is grey level 10 · (4y + x + 1): 10 … 160. */
    private static BufferedImage numbered() {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                int v = 10 * (4 * y + x + 1);
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    /** The grey levels of a grey image, row by row. */
    private static int[][] grey(BufferedImage image) {
        int[][] rows = new int[image.getHeight()][image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                assertEquals(p & 0xFF, (p >> 16) & 0xFF, "grey stays grey");
                rows[y][x] = p & 0xFF;
            }
        }
        return rows;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** Nothing random: the whole image, no flips, rotation, shift or jitter. */
    private static ImageAugmentation.Builder identity() {
        return ImageAugmentation.builder().cropArea(1, 1).aspectRatio(1, 1).horizontalFlip(0).rotation(0).shift(0)
                .colourJitter(0, 0, 0);
    }

    @Test
    void theSameSeedGivesTheSameAugmentationAndOtherSeedsDiffer() {
        ImageAugmentation augmentation = ImageAugmentation.randomResizedCrop().horizontalFlip(0.5)
                .colourJitter(0.4, 0.4, 0.4).rotation(15).build();
        BufferedImage a = augmentation.apply(gradient(), 24, new Random(3));
        BufferedImage b = augmentation.apply(gradient(), 24, new Random(3));
        BufferedImage c = augmentation.apply(gradient(), 24, new Random(4));
        assertEquals(24, a.getWidth());
        assertEquals(24, a.getHeight());
        assertArrayEquals(pixels(a), pixels(b));
        assertTrue(!Arrays.equals(pixels(a), pixels(c)));
    }

    @Test
    void flipsMirrorColumnsAndRowsOfA4x4Image() {
        assertArrayEquals(new int[][] {{40, 30, 20, 10}, {80, 70, 60, 50}, {120, 110, 100, 90}, {160, 150, 140, 130}},
                grey(ImageAugmentation.flipHorizontally(numbered())));
        assertArrayEquals(new int[][] {{130, 140, 150, 160}, {90, 100, 110, 120}, {50, 60, 70, 80}, {10, 20, 30, 40}},
                grey(ImageAugmentation.flipVertically(numbered())));
        BufferedImage flipped = ImageAugmentation.builder().cropArea(1, 1).aspectRatio(1, 1).horizontalFlip(1)
                .verticalFlip(1).rotation(0).shift(0).colourJitter(0, 0, 0).build().apply(numbered(), 4, new Random(1));
        assertArrayEquals(grey(ImageAugmentation.rotateAndShift(numbered(), 180, 0, 0)), grey(flipped),
                "both flips are a half turn");
    }

    @Test
    void rotationBy90DegreesTurnsA4x4ImageCounterClockwise() {
        // the top row 10 20 30 40 becomes the left column read upwards
        assertArrayEquals(new int[][] {{40, 80, 120, 160}, {30, 70, 110, 150}, {20, 60, 100, 140}, {10, 50, 90, 130}},
                grey(ImageAugmentation.rotateAndShift(numbered(), 90, 0, 0)));
        assertArrayEquals(new int[][] {{130, 90, 50, 10}, {140, 100, 60, 20}, {150, 110, 70, 30}, {160, 120, 80, 40}},
                grey(ImageAugmentation.rotateAndShift(numbered(), -90, 0, 0)));
    }

    @Test
    void shiftsMoveWholePixelsAndFillWithBlack() {
        // one right, one up: row y of the result is row y + 1 of the source, moved right
        assertArrayEquals(new int[][] {{0, 50, 60, 70}, {0, 90, 100, 110}, {0, 130, 140, 150}, {0, 0, 0, 0}},
                grey(ImageAugmentation.rotateAndShift(numbered(), 0, 1, -1)));
        // a 45° turn of a uniform image keeps its middle and blackens its corners
        BufferedImage white = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 64; i++) {
            white.setRGB(i % 8, i / 8, 0xFFFFFF);
        }
        int[][] turned = grey(ImageAugmentation.rotateAndShift(white, 45, 0, 0));
        assertEquals(255, turned[3][4]);
        assertEquals(0, turned[0][0]);
        assertEquals(0, turned[7][7]);
    }

    @Test
    void jitterOfTwoPixelsMatchesHandWorkedValues() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 100 << 16 | 50 << 8);
        image.setRGB(1, 0, 200 << 16 | 150 << 8 | 100);
        // brightness 1.5: (150, 75, 0) and (300 → 255, 225, 150); grey 88.875 and 225.42, mean 157.1475
        // contrast 0.5 about it: (153.574, 116.074, 78.574) and (206.074, 191.074, 153.574); grey 123.011 and 191.284
        // saturation 2 about each grey: (184.14, 109.14, 34.14) and (220.86, 190.86, 115.86)
        BufferedImage out = ImageAugmentation.jitter(image, 1.5, 0.5, 2);
        assertEquals(184 << 16 | 109 << 8 | 34, out.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(221 << 16 | 191 << 8 | 116, out.getRGB(1, 0) & 0xFFFFFF);
        assertArrayEquals(pixels(gradient()), pixels(ImageAugmentation.jitter(gradient(), 1, 1, 1)));
    }

    @Test
    void withEverythingAtZeroTheImageComesBackUnchanged() {
        BufferedImage square = gradient().getSubimage(0, 0, 30, 30);
        assertArrayEquals(pixels(square), pixels(identity().build().apply(square, 30, new Random(9))));
    }

    @Test
    void cropsKeepTheirShareOfTheAreaAndAspectRatioOverManyDraws() {
        assertCropsWithin(ImageAugmentation.builder().build(), 0.6, 1, 3.0 / 4, 4.0 / 3);
        assertCropsWithin(ImageAugmentation.randomResizedCrop().build(), 0.08, 1, 3.0 / 4, 4.0 / 3);
        assertCropsWithin(identity().cropArea(0.3, 0.5).aspectRatio(0.5, 2).build(), 0.3, 0.5, 0.5, 2);
    }

    private static void assertCropsWithin(ImageAugmentation augmentation, double minArea, double maxArea,
                                          double minAspect, double maxAspect) {
        Random random = new Random(11);
        double smallest = 1;
        double largest = 0;
        for (int draw = 0; draw < 2000; draw++) {
            Rectangle box = augmentation.cropBox(200, 200, random);
            double area = box.width * box.height / 40_000.0;
            double aspect = (double) box.width / box.height;
            assertTrue(area >= minArea - 0.01 && area <= maxArea + 0.01, "area " + area);
            assertTrue(aspect >= minAspect * 0.97 && aspect <= maxAspect * 1.03, "aspect " + aspect);
            assertTrue(box.x >= 0 && box.y >= 0 && box.x + box.width <= 200 && box.y + box.height <= 200, box.toString());
            smallest = Math.min(smallest, area);
            largest = Math.max(largest, area);
        }
        assertTrue(smallest < minArea + 0.05 && largest > maxArea - 0.05,
                "draws span the range: " + smallest + "–" + largest);
    }

    @Test
    void cropAloneKeepsColoursInRange() {
        BufferedImage cropped = ImageAugmentation.randomResizedCrop().build().apply(gradient(), 16, new Random(1));
        for (int p : pixels(cropped)) {   // every red value stays within the source's 0..234, blue at 128
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
        ImageAugmentation jitter = identity().colourJitter(0.3, 0, 0).build();
        Random random = new Random(5);
        int lowest = 255;
        int highest = 0;
        for (int trial = 0; trial < 50; trial++) {
            int v = jitter.apply(grey, 10, random).getRGB(5, 5) & 0xFF;
            assertTrue(v >= 100 * 0.7 - 1 && v <= 100 * 1.3 + 1, "value " + v);
            lowest = Math.min(lowest, v);
            highest = Math.max(highest, v);
        }
        assertTrue(lowest < 85 && highest > 115, lowest + "–" + highest);
    }

    @Test
    void settingsOutOfRangeAreRefusedByName() {
        assertRefused(ImageAugmentation.builder().cropArea(0, 1), "crop area");
        assertRefused(ImageAugmentation.builder().cropArea(0.8, 0.6), "crop area");
        assertRefused(ImageAugmentation.builder().cropArea(0.5, 1.2), "crop area");
        assertRefused(ImageAugmentation.builder().aspectRatio(2, 1), "aspect ratio");
        assertRefused(ImageAugmentation.builder().horizontalFlip(1.5), "horizontal flip");
        assertRefused(ImageAugmentation.builder().verticalFlip(Double.NaN), "vertical flip");
        assertRefused(ImageAugmentation.builder().rotation(-5), "rotation");
        assertRefused(ImageAugmentation.builder().shift(2), "shift");
        assertRefused(ImageAugmentation.builder().colourJitter(0, 1.5, 0), "jitter");
        ImageAugmentation fine = ImageAugmentation.builder().build();
        assertThrows(IllegalArgumentException.class, () -> fine.apply(gradient(), 0, new Random(1)));
    }

    private static void assertRefused(ImageAugmentation.Builder builder, String setting) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }
}
