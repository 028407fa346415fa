package dev.fusion4j.image;

import dev.fusion4j.data.EncoderSpec;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Resize (shorter side to {@code resize}, bilinear, half-pixel centres as PyTorch's
 * {@code interpolate(align_corners=False)} without antialiasing), centre crop to
 * {@code crop × crop}, scale to [0, 1] and normalise per channel: the usual ImageNet evaluation
 * transform. Output {@code [3, crop, crop]}, channel-major. Immutable and thread-safe.
 */
public final class ImagePreprocessor {
    /** ImageNet's statistics (R, G, B); copy before handing them out. */
    static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private final int resize;
    private final int crop;
    private final float[] mean;
    private final float[] std;

    private ImagePreprocessor(int resize, int crop, float[] mean, float[] std) {
        if (resize < 1 || crop < 1 || crop > resize) {
            throw new IllegalArgumentException("need 1 ≤ crop ≤ resize, got resize " + resize + ", crop " + crop);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("standard deviations must be > 0");
            }
        }
        this.resize = resize;
        this.crop = crop;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Shorter side 256, centre crop 224, ImageNet mean and standard deviation. */
    public static ImagePreprocessor imageNet() {
        return new ImagePreprocessor(256, 224, IMAGENET_MEAN, IMAGENET_STD);
    }

    /** Custom sizes and per-channel (RGB) mean and standard deviation. */
    public static ImagePreprocessor of(int resize, int crop, float[] mean, float[] std) {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
        }
        return new ImagePreprocessor(resize, crop, mean, std);
    }

    public int crop() {
        return crop;
    }

    /** Sizes, means and standard deviations by name, exactly, for an encoder's spec ({@link #of(EncoderSpec)}). */
    Map<String, String> settings() {
        return Map.of("resize", Integer.toString(resize), "crop", Integer.toString(crop), "mean", join(mean),
                "std", join(std));
    }

    /**
     * The preprocessor whose {@link #settings()} {@code spec} holds.
     *
     * @throws IllegalArgumentException if a setting is missing or invalid
     */
    static ImagePreprocessor of(EncoderSpec spec) {
        return of(spec.integer("resize"), spec.integer("crop"), floats(spec, "mean"), floats(spec, "std"));
    }

    private static String join(float[] values) {
        StringJoiner joined = new StringJoiner(",");
        for (float v : values) {
            joined.add(Float.toString(v));
        }
        return joined.toString();
    }

    private static float[] floats(EncoderSpec spec, String name) {
        String[] parts = spec.setting(name).split(",", -1);
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the setting '" + name + "' is '" + spec.setting(name)
                        + "', not three numbers separated by commas", e);
            }
        }
        return values;
    }

    /**
     * {@code [3 · crop · crop]} values, channel-major. Any aspect ratio works: the resized size is
     * computed in {@code long} (a 1 × 10 000 000 image resizes to 256 × 2 560 000 000) and only the
     * pixels the crop samples are read.
     */
    public float[] apply(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        int w = image.getWidth();
        int h = image.getHeight();
        long newW = w <= h ? resize : (long) resize * w / h;
        long newH = w <= h ? (long) resize * h / w : resize;
        double top = Math.rint((newH - crop) / 2.0);   // half to even, as torchvision's round()
        double left = Math.rint((newW - crop) / 2.0);
        double scaleY = (double) h / newH;
        double scaleX = (double) w / newW;
        float[] out = new float[3 * crop * crop];
        for (int y = 0; y < crop; y++) {
            double sy = Math.max(0, (top + y + 0.5) * scaleY - 0.5);
            int y0 = Math.min((int) sy, h - 1);
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < crop; x++) {
                double sx = Math.max(0, (left + x + 0.5) * scaleX - 0.5);
                int x0 = Math.min((int) sx, w - 1);
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                int p00 = image.getRGB(x0, y0);
                int p01 = image.getRGB(x1, y0);
                int p10 = image.getRGB(x0, y1);
                int p11 = image.getRGB(x1, y1);
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    double v = (1 - fy) * ((1 - fx) * channel(p00, shift) + fx * channel(p01, shift))
                            + fy * ((1 - fx) * channel(p10, shift) + fx * channel(p11, shift));
                    out[(c * crop + y) * crop + x] = (float) ((v / 255.0 - mean[c]) / std[c]);
                }
            }
        }
        return out;
    }

    private static int channel(int rgb, int shift) {
        return (rgb >> shift) & 0xFF;
    }
}
