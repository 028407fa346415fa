package dev.fusion4j.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG (including CMYK), BMP and GIF (first frame) with {@code javax.imageio} into
 * 8-bit RGB, applying the EXIF orientation of JPEGs; grey and palette images become RGB,
 * transparency is composited over white. The dimensions are read from the header first, and images above
 * {@link #MAX_PIXELS} are refused before any pixel is decoded (decompression bombs). Thread-safe.
 */
public final class ImageDecoder {
    /** The largest accepted image: 100 megapixels. */
    public static final long MAX_PIXELS = 100_000_000L;

    private ImageDecoder() {
    }

    public static BufferedImage decode(Path file) {
        try {
            return decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ImageFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws ImageFormatException for empty, truncated, unknown, unsupported (e.g. CMYK JPEG) or
     *     oversized images, naming the problem
     */
    public static BufferedImage decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new ImageFormatException("the image is empty (0 bytes)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageFormatException("not a PNG, JPEG, BMP or GIF image (" + bytes.length + " bytes)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width < 1 || height < 1 || width * height > MAX_PIXELS) {
                    throw new ImageFormatException("image of " + width + " × " + height + " pixels is outside the "
                            + "accepted range (1 pixel to " + MAX_PIXELS + " pixels)");
                }
                BufferedImage image = JpegHeaders.components(bytes) == 4
                        ? cmykToRgb(reader.readRaster(0, null))
                        : toRgb(reader.read(0));
                return orient(image, JpegHeaders.orientation(bytes));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageFormatException ife) {
                throw ife;
            }
            throw new ImageFormatException("cannot decode the image: " + e.getMessage(), e);
        }
    }

    /**
     * CMYK JPEGs (Adobe's inverted convention, as Photoshop and PIL write them) converted the way
     * PIL does, {@code R = 255 - min(255, C + K)} on the uninverted values; the JDK's own colour
     * management gives different colours than the Python pipelines models are trained with.
     */
    private static BufferedImage cmykToRgb(java.awt.image.Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] pixel = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.getPixel(x, y, pixel);
                int k = 255 - pixel[3];
                int r = 255 - Math.min(255, 255 - pixel[0] + k);
                int g = 255 - Math.min(255, 255 - pixel[1] + k);
                int b = 255 - Math.min(255, 255 - pixel[2] + k);
                rgb.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return rgb;
    }

    /** A copy of {@code image} as 8-bit RGB, transparency composited over white. */
    public static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }

    /** Applies EXIF orientation 1–8 (mirrors and quarter turns). */
    static BufferedImage orient(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> t.setTransform(-1, 0, 0, 1, w, 0);
            case 3 -> t.setTransform(-1, 0, 0, -1, w, h);
            case 4 -> t.setTransform(1, 0, 0, -1, 0, h);
            case 5 -> t.setTransform(0, 1, 1, 0, 0, 0);
            case 6 -> t.setTransform(0, 1, -1, 0, h, 0);
            case 7 -> t.setTransform(0, -1, -1, 0, h, w);
            default -> t.setTransform(0, -1, 1, 0, 0, w);
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, t, null);
        g.dispose();
        return out;
    }
}
