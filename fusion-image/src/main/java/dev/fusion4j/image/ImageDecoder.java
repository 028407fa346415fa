package dev.fusion4j.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG (including CMYK), BMP and GIF (first frame, on its canvas) with
 * {@code javax.imageio} into 8-bit RGB, applying the EXIF orientation of JPEGs; grey and palette
 * images become RGB, transparency is composited over white. Other formats ImageIO may read (TIFF,
 * WBMP, plug-ins) are refused. Before any pixel is decoded the headers are checked against
 * {@link #MAX_PIXELS} and {@link #MAX_DECODED_BYTES} (decompression bombs); an image cut short is
 * refused rather than returned half grey. Thread-safe.
 */
public final class ImageDecoder {
    /** The largest accepted image (or GIF canvas): 100 megapixels. */
    public static final long MAX_PIXELS = 100_000_000L;
    /**
     * The most memory one decoding may take, 512 MiB: the pixels as the reader decodes them (e.g. 3
     * bytes for 8-bit RGB, 8 for 16-bit RGBA) plus 4 bytes per pixel of the RGB result. An 8-bit
     * RGB photo may have up to 76 megapixels, a 16-bit RGBA image up to 44.
     */
    public static final long MAX_DECODED_BYTES = 512L << 20;
    /** The largest file {@link #decode(Path)} reads, 512 MiB: no image within the limits above needs more. */
    public static final long MAX_FILE_BYTES = MAX_DECODED_BYTES;
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "bmp", "gif");
    private static final int RGB_BYTES = 4;

    private ImageDecoder() {
    }

    /**
     * Reads and decodes an image file.
     *
     * @throws ImageFormatException as {@link #decode(byte[])}, and for files that cannot be read or
     *     are larger than {@link #MAX_FILE_BYTES} (refused before reading)
     */
    public static BufferedImage decode(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ImageFormatException(file + " has " + size + " bytes; the most accepted is " + MAX_FILE_BYTES
                        + " bytes");
            }
            return decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ImageFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws ImageFormatException for empty, truncated, unknown, unsupported or oversized images,
     *     naming the problem
     */
    public static BufferedImage decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new ImageFormatException("the image is empty (0 bytes)");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(in, bytes.length);
            try {
                reader.setInput(in, true, true);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                boolean gif = reader.getFormatName().equalsIgnoreCase("gif");
                GifCanvas canvas = gif ? GifCanvas.of(reader) : null;
                checkSize(reader, canvas);
                BufferedImage image = JpegHeaders.components(bytes) == 4
                        ? cmykToRgb(reader.readRaster(0, null))
                        : reader.read(0);
                checkComplete(warnings);
                return gif ? canvas.draw(image) : orient(image, JpegHeaders.orientation(bytes));
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

    private static ImageReader reader(ImageInputStream in, int length) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ImageFormatException("not a PNG, JPEG, BMP or GIF image (" + length + " bytes)");
        }
        ImageReader reader = readers.next();
        String format = reader.getFormatName();
        if (!FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
            reader.dispose();
            throw new ImageFormatException("a " + format + " image; only PNG, JPEG, BMP and GIF are accepted");
        }
        return reader;
    }

    /**
     * Refuses images (and GIF canvases) outside 1 to {@link #MAX_PIXELS} pixels, and images whose
     * decoding would take more than {@link #MAX_DECODED_BYTES}, from the headers alone.
     */
    private static void checkSize(ImageReader reader, GifCanvas canvas) throws IOException {
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        checkPixels("image", width, height);
        long outWidth = canvas == null ? width : canvas.width();
        long outHeight = canvas == null ? height : canvas.height();
        if (canvas != null) {
            checkPixels("GIF canvas", outWidth, outHeight);
        }
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext()) {
            throw new ImageFormatException("the " + reader.getFormatName() + " reader cannot decode this image");
        }
        SampleModel layout = types.next().getSampleModel();
        long bytesPerPixel = layout.getNumDataElements() * ((DataBuffer.getDataTypeSize(layout.getDataType()) + 7L) / 8);
        long bytes = width * height * bytesPerPixel + outWidth * outHeight * RGB_BYTES;
        if (bytes > MAX_DECODED_BYTES) {
            throw new ImageFormatException("image of " + width + " × " + height + " pixels would take " + bytes
                    + " bytes to decode (" + bytesPerPixel + " bytes per pixel as decoded, " + RGB_BYTES
                    + " as RGB); the most accepted is " + MAX_DECODED_BYTES + " bytes");
        }
    }

    private static void checkPixels(String what, long width, long height) {
        if (width < 1 || height < 1 || width * height > MAX_PIXELS) {
            throw new ImageFormatException(what + " of " + width + " × " + height + " pixels is outside the "
                    + "accepted range (1 pixel to " + MAX_PIXELS + " pixels)");
        }
    }

    /** JPEG readers fill what is missing with grey and only warn; a file cut short is refused. */
    private static void checkComplete(List<String> warnings) {
        for (String warning : warnings) {
            String lower = warning.toLowerCase(Locale.ROOT);
            if (lower.contains("truncated") || lower.contains("premature end")) {
                throw new ImageFormatException("the image is truncated (" + warning + ")");
            }
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

    /** {@code image} as 8-bit RGB (itself if it is already), transparency composited over white. */
    public static BufferedImage toRgb(BufferedImage image) {
        return orient(image, 1);
    }

    /**
     * {@code image} in 8-bit RGB, transparency composited over white, with EXIF orientation 1–8
     * (mirrors and quarter turns) applied; other values leave it upright. A copy unless the image
     * already is 8-bit RGB and upright.
     */
    static BufferedImage orient(BufferedImage image, int orientation) {
        boolean upright = orientation < 2 || orientation > 8;
        if (upright && image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5 && orientation <= 8;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> t.setTransform(-1, 0, 0, 1, w, 0);
            case 3 -> t.setTransform(-1, 0, 0, -1, w, h);
            case 4 -> t.setTransform(1, 0, 0, -1, 0, h);
            case 5 -> t.setTransform(0, 1, 1, 0, 0, 0);
            case 6 -> t.setTransform(0, 1, -1, 0, h, 0);
            case 7 -> t.setTransform(0, -1, -1, 0, h, w);
            case 8 -> t.setTransform(0, -1, 1, 0, 0, w);
            default -> t.setToIdentity();
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, t, null);
        g.dispose();
        return out;
    }
}
