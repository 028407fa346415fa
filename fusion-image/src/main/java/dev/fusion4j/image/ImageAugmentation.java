package dev.fusion4j.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Training-time augmentation of RGB images, deterministic for a given {@link Random}: random
 * resized crop (area 8–100 %, aspect ratio 3/4–4/3, as torchvision), horizontal flip, colour
 * jitter (brightness, contrast, saturation factors in {@code [1 - j, 1 + j]}) and rotation by up
 * to ± the given degrees (corners filled black). Immutable; the random source carries the state.
 */
public final class ImageAugmentation {
    private final int size;
    private final double flipProbability;
    private final double jitter;
    private final double maxDegrees;

    /**
     * @param size output width and height of the random resized crop
     * @param flipProbability probability of a horizontal flip
     * @param jitter colour-jitter strength in [0, 1)
     * @param maxDegrees largest rotation, ≥ 0
     */
    public ImageAugmentation(int size, double flipProbability, double jitter, double maxDegrees) {
        if (size < 1 || !(flipProbability >= 0 && flipProbability <= 1) || !(jitter >= 0 && jitter < 1)
                || !(maxDegrees >= 0)) {
            throw new IllegalArgumentException("need size ≥ 1, flip probability in [0, 1], jitter in [0, 1) and "
                    + "degrees ≥ 0");
        }
        this.size = size;
        this.flipProbability = flipProbability;
        this.jitter = jitter;
        this.maxDegrees = maxDegrees;
    }

    /** One augmented {@code size × size} copy of {@code image}. */
    public BufferedImage apply(BufferedImage image, Random random) {
        BufferedImage out = rotate(randomResizedCrop(ImageDecoder.toRgb(image), random), random);
        if (random.nextDouble() < flipProbability) {
            out = flip(out);
        }
        return jitter > 0 ? jitterColours(out, random) : out;
    }

    private BufferedImage randomResizedCrop(BufferedImage image, Random random) {
        int w = image.getWidth();
        int h = image.getHeight();
        int cropW = w;
        int cropH = h;
        int left = 0;
        int top = 0;
        for (int attempt = 0; attempt < 10; attempt++) {
            double area = w * h * (0.08 + 0.92 * random.nextDouble());
            double ratio = Math.exp(Math.log(3.0 / 4) + (Math.log(4.0 / 3) - Math.log(3.0 / 4)) * random.nextDouble());
            int cw = (int) Math.round(Math.sqrt(area * ratio));
            int ch = (int) Math.round(Math.sqrt(area / ratio));
            if (cw >= 1 && ch >= 1 && cw <= w && ch <= h) {
                cropW = cw;
                cropH = ch;
                left = random.nextInt(w - cw + 1);
                top = random.nextInt(h - ch + 1);
                break;
            }
        }
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, size, size, left, top, left + cropW, top + cropH, null);
        g.dispose();
        return out;
    }

    private BufferedImage rotate(BufferedImage image, Random random) {
        if (maxDegrees == 0) {
            return image;
        }
        double radians = Math.toRadians((2 * random.nextDouble() - 1) * maxDegrees);
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, AffineTransform.getRotateInstance(radians, image.getWidth() / 2.0, image.getHeight() / 2.0),
                null);
        g.dispose();
        return out;
    }

    static BufferedImage flip(BufferedImage image) {
        int w = image.getWidth();
        BufferedImage out = new BufferedImage(w, image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(w - 1 - x, y, image.getRGB(x, y));
            }
        }
        return out;
    }

    private BufferedImage jitterColours(BufferedImage image, Random random) {
        double brightness = 1 + jitter * (2 * random.nextDouble() - 1);
        double contrast = 1 + jitter * (2 * random.nextDouble() - 1);
        double saturation = 1 + jitter * (2 * random.nextDouble() - 1);
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        double meanGrey = 0;
        for (int p : rgb) {
            meanGrey += grey(p) / rgb.length;
        }
        for (int i = 0; i < rgb.length; i++) {
            double g = grey(rgb[i]);
            int[] c = {(rgb[i] >> 16) & 0xFF, (rgb[i] >> 8) & 0xFF, rgb[i] & 0xFF};
            for (int k = 0; k < 3; k++) {
                double v = c[k] * brightness;
                v = (v - meanGrey * brightness) * contrast + meanGrey * brightness;
                v = (v - g * brightness) * saturation + g * brightness;
                c[k] = (int) Math.max(0, Math.min(255, Math.round(v)));
            }
            rgb[i] = (c[0] << 16) | (c[1] << 8) | c[2];
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    private static double grey(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
    }
}
