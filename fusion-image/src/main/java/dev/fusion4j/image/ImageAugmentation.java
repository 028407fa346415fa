package dev.fusion4j.image;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Training-time augmentation of RGB images, deterministic for a given {@link Random}. In order:
 * <ol>
 *   <li>a random resized crop to {@code size × size}: a box whose share of the area and aspect
 *       ratio (log-uniform) are drawn from their ranges, as torchvision's {@code RandomResizedCrop}
 *       (after 10 failed draws, the centre box of the image with its aspect ratio clamped to the range);</li>
 *   <li>a rotation by up to ± the given degrees (positive is counter-clockwise) about the centre and a
 *       shift by up to ± a fraction of the side (whole pixels), in one bilinear resampling; what
 *       comes from outside the image is black;</li>
 *   <li>horizontal and vertical flips, each with its probability;</li>
 *   <li>colour jitter: brightness, contrast and saturation factors drawn from
 *       {@code [1 − strength, 1 + strength]}, applied in that order as torchvision's
 *       {@code adjust_*} functions on float images (clamped to 0–255 after each).</li>
 * </ol>
 * {@link #builder()} starts from defaults that keep small objects in the picture (crops of
 * 60–100 % of the area, a few degrees and pixels of movement, mild jitter);
 * {@link #randomResizedCrop()} from torchvision's crop (8–100 % of the area). Immutable.
 */
public final class ImageAugmentation {
    private final double minArea;
    private final double maxArea;
    private final double minAspect;
    private final double maxAspect;
    private final double horizontalFlip;
    private final double verticalFlip;
    private final double degrees;
    private final double shift;
    private final double brightness;
    private final double contrast;
    private final double saturation;

    private ImageAugmentation(Builder b) {
        this.minArea = b.minArea;
        this.maxArea = b.maxArea;
        this.minAspect = b.minAspect;
        this.maxAspect = b.maxAspect;
        this.horizontalFlip = b.horizontalFlip;
        this.verticalFlip = b.verticalFlip;
        this.degrees = b.degrees;
        this.shift = b.shift;
        this.brightness = b.brightness;
        this.contrast = b.contrast;
        this.saturation = b.saturation;
    }

    /**
     * The defaults for small objects: crop area 60–100 %, aspect ratio 3/4–4/3, horizontal flips
     * half of the time, no vertical flips, rotation up to ± 10°, shifts up to ± 10 % of the side,
     * brightness, contrast and saturation jitter 0.2.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * torchvision's {@code RandomResizedCrop} defaults and nothing else: area 8–100 %, aspect ratio
     * 3/4–4/3, no flips, rotation, shift or jitter (add them on the builder).
     */
    public static Builder randomResizedCrop() {
        return new Builder().cropArea(0.08, 1).horizontalFlip(0).rotation(0).shift(0).colourJitter(0, 0, 0);
    }

    /** One augmented {@code size × size} copy of {@code image}. */
    public BufferedImage apply(BufferedImage image, int size, Random random) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be ≥ 1, got " + size);
        }
        BufferedImage rgb = ImageDecoder.toRgb(image);
        BufferedImage out = resize(rgb, cropBox(rgb.getWidth(), rgb.getHeight(), random), size);
        double angle = degrees > 0 ? uniform(random, -degrees, degrees) : 0;
        int dx = shift > 0 ? (int) Math.round(uniform(random, -shift, shift) * size) : 0;
        int dy = shift > 0 ? (int) Math.round(uniform(random, -shift, shift) * size) : 0;
        if (angle != 0 || dx != 0 || dy != 0) {
            out = rotateAndShift(out, angle, dx, dy);
        }
        if (horizontalFlip > 0 && random.nextDouble() < horizontalFlip) {
            out = flipHorizontally(out);
        }
        if (verticalFlip > 0 && random.nextDouble() < verticalFlip) {
            out = flipVertically(out);
        }
        if (brightness > 0 || contrast > 0 || saturation > 0) {
            out = jitter(out, factor(random, brightness), factor(random, contrast), factor(random, saturation));
        }
        return out;
    }

    private static double uniform(Random random, double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    private static double factor(Random random, double strength) {
        return strength > 0 ? uniform(random, 1 - strength, 1 + strength) : 1;
    }

    /** The random crop box within a {@code w × h} image. */
    Rectangle cropBox(int w, int h, Random random) {
        for (int attempt = 0; attempt < 10; attempt++) {
            double area = (double) w * h * uniform(random, minArea, maxArea);
            double ratio = Math.exp(uniform(random, Math.log(minAspect), Math.log(maxAspect)));
            int cw = (int) Math.round(Math.sqrt(area * ratio));
            int ch = (int) Math.round(Math.sqrt(area / ratio));
            if (cw >= 1 && ch >= 1 && cw <= w && ch <= h) {
                return new Rectangle(random.nextInt(w - cw + 1), random.nextInt(h - ch + 1), cw, ch);
            }
        }
        double ratio = (double) w / h;
        int cw = ratio < minAspect ? w : ratio > maxAspect ? (int) Math.round(h * maxAspect) : w;
        int ch = ratio < minAspect ? (int) Math.round(w / minAspect) : h;
        return new Rectangle((w - cw) / 2, (h - ch) / 2, cw, ch);
    }

    private static BufferedImage resize(BufferedImage image, Rectangle box, int size) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, size, size, box.x, box.y, box.x + box.width, box.y + box.height, null);
        g.dispose();
        return out;
    }

    /**
     * {@code image} rotated by {@code degrees} (counter-clockwise as seen) about its centre, then
     * moved {@code dx} pixels right and {@code dy} down; bilinear, black outside the source.
     */
    static BufferedImage rotateAndShift(BufferedImage image, double degrees, int dx, int dy) {
        int w = image.getWidth();
        int h = image.getHeight();
        double cos = Math.cos(Math.toRadians(degrees));
        double sin = Math.sin(Math.toRadians(degrees));
        int[] source = image.getRGB(0, 0, w, h, null, 0, w);
        int[] target = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // the output pixel's centre, moved back and rotated back into the source
                double u = x + 0.5 - dx - w / 2.0;
                double v = y + 0.5 - dy - h / 2.0;
                double sx = snap(w / 2.0 + u * cos - v * sin - 0.5);
                double sy = snap(h / 2.0 + u * sin + v * cos - 0.5);
                target[y * w + x] = bilinear(source, w, h, sx, sy);
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, target, 0, w);
        return out;
    }

    /** Rounds away the last bits of trigonometry, so whole-pixel positions sample exactly. */
    private static double snap(double position) {
        double nearest = Math.rint(position);
        return Math.abs(position - nearest) < 1e-9 ? nearest : position;
    }

    /** The {@code w × h} RGB pixels interpolated at {@code (sx, sy)}; black outside. */
    private static int bilinear(int[] pixels, int w, int h, double sx, double sy) {
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        int p00 = pixel(pixels, w, h, x0, y0);
        int p01 = pixel(pixels, w, h, x0 + 1, y0);
        int p10 = pixel(pixels, w, h, x0, y0 + 1);
        int p11 = pixel(pixels, w, h, x0 + 1, y0 + 1);
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            double value = (1 - fy) * ((1 - fx) * (p00 >> shift & 0xFF) + fx * (p01 >> shift & 0xFF))
                    + fy * ((1 - fx) * (p10 >> shift & 0xFF) + fx * (p11 >> shift & 0xFF));
            rgb |= (int) Math.round(value) << shift;
        }
        return rgb;
    }

    private static int pixel(int[] pixels, int w, int h, int x, int y) {
        return x >= 0 && y >= 0 && x < w && y < h ? pixels[y * w + x] : 0;
    }

    static BufferedImage flipHorizontally(BufferedImage image) {
        int w = image.getWidth();
        BufferedImage out = new BufferedImage(w, image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(w - 1 - x, y, image.getRGB(x, y));
            }
        }
        return out;
    }

    static BufferedImage flipVertically(BufferedImage image) {
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(image.getWidth(), h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.setRGB(x, h - 1 - y, image.getRGB(x, y));
            }
        }
        return out;
    }

    /**
     * Brightness {@code v·b}; contrast {@code m + (v − m)·c} about the mean grey {@code m} of the
     * image; saturation {@code g + (v − g)·s} about each pixel's grey {@code g}; grey is
     * {@code 0.299 R + 0.587 G + 0.114 B}; clamped to 0–255 after each step, rounded at the end.
     */
    static BufferedImage jitter(BufferedImage image, double brightness, double contrast, double saturation) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        double[][] c = new double[rgb.length][];
        double meanGrey = 0;
        for (int i = 0; i < rgb.length; i++) {
            c[i] = new double[] {(rgb[i] >> 16) & 0xFF, (rgb[i] >> 8) & 0xFF, rgb[i] & 0xFF};
            for (int k = 0; k < 3; k++) {
                c[i][k] = clamp(c[i][k] * brightness);
            }
            meanGrey += grey(c[i]) / rgb.length;
        }
        for (int i = 0; i < rgb.length; i++) {
            for (int k = 0; k < 3; k++) {
                c[i][k] = clamp(meanGrey + (c[i][k] - meanGrey) * contrast);
            }
            double g = grey(c[i]);
            int pixel = 0;
            for (int k = 0; k < 3; k++) {
                pixel = pixel << 8 | (int) Math.round(clamp(g + (c[i][k] - g) * saturation));
            }
            rgb[i] = pixel;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(255, value));
    }

    private static double grey(double[] c) {
        return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
    }

    /** Settings; each is checked by {@link #build()}. */
    public static final class Builder {
        private double minArea = 0.6;
        private double maxArea = 1;
        private double minAspect = 3.0 / 4;
        private double maxAspect = 4.0 / 3;
        private double horizontalFlip = 0.5;
        private double verticalFlip;
        private double degrees = 10;
        private double shift = 0.1;
        private double brightness = 0.2;
        private double contrast = 0.2;
        private double saturation = 0.2;

        private Builder() {
        }

        /** The share of the image's area a crop keeps, drawn from {@code [min, max]} ⊆ (0, 1]. */
        public Builder cropArea(double min, double max) {
            this.minArea = min;
            this.maxArea = max;
            return this;
        }

        /** The crop's width / height, drawn log-uniformly from {@code [min, max]}, {@code 0 < min ≤ max}. */
        public Builder aspectRatio(double min, double max) {
            this.minAspect = min;
            this.maxAspect = max;
            return this;
        }

        /** The probability of a left-right mirror. */
        public Builder horizontalFlip(double probability) {
            this.horizontalFlip = probability;
            return this;
        }

        /** The probability of an upside-down mirror. */
        public Builder verticalFlip(double probability) {
            this.verticalFlip = probability;
            return this;
        }

        /** The largest rotation, in degrees (0–180); angles are uniform in ± it. */
        public Builder rotation(double degrees) {
            this.degrees = degrees;
            return this;
        }

        /** The largest shift as a fraction of the side (0–1), uniform in ± it, per axis. */
        public Builder shift(double fraction) {
            this.shift = fraction;
            return this;
        }

        /** Jitter strengths in [0, 1]: factors drawn from {@code [1 − s, 1 + s]}; 0 leaves that property alone. */
        public Builder colourJitter(double brightness, double contrast, double saturation) {
            this.brightness = brightness;
            this.contrast = contrast;
            this.saturation = saturation;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public ImageAugmentation build() {
            require(minArea > 0 && minArea <= maxArea && maxArea <= 1,
                    "crop area must satisfy 0 < min ≤ max ≤ 1, got " + minArea + "–" + maxArea);
            require(minAspect > 0 && minAspect <= maxAspect && Double.isFinite(maxAspect),
                    "aspect ratio must satisfy 0 < min ≤ max, got " + minAspect + "–" + maxAspect);
            require(probability(horizontalFlip), "horizontal flip probability must be in [0, 1], got " + horizontalFlip);
            require(probability(verticalFlip), "vertical flip probability must be in [0, 1], got " + verticalFlip);
            require(degrees >= 0 && degrees <= 180, "rotation must be 0–180 degrees, got " + degrees);
            require(probability(shift), "shift must be a fraction in [0, 1], got " + shift);
            require(probability(brightness) && probability(contrast) && probability(saturation),
                    "jitter strengths must be in [0, 1], got brightness " + brightness + ", contrast " + contrast
                            + ", saturation " + saturation);
            return new ImageAugmentation(this);
        }

        private static boolean probability(double value) {
            return value >= 0 && value <= 1;
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
