package dev.fusion4j.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Where a GIF's first frame lies on its canvas, read from the headers before any pixel is decoded.
 * The canvas is the logical screen, enlarged where the frame reaches past it, as PIL sizes it.
 *
 * @param width the canvas width
 * @param height the canvas height
 * @param left the frame's column on the canvas
 * @param top the frame's row on the canvas
 */
record GifCanvas(long width, long height, int left, int top) {
    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";

    /** The canvas of the first frame of the GIF that {@code reader} reads. */
    static GifCanvas of(ImageReader reader) throws IOException {
        Node screen = child(reader.getStreamMetadata(), STREAM_FORMAT, "LogicalScreenDescriptor");
        Node frame = child(reader.getImageMetadata(0), IMAGE_FORMAT, "ImageDescriptor");
        int left = attribute(frame, "imageLeftPosition");
        int top = attribute(frame, "imageTopPosition");
        return new GifCanvas(Math.max(attribute(screen, "logicalScreenWidth"), left + (long) reader.getWidth(0)),
                Math.max(attribute(screen, "logicalScreenHeight"), top + (long) reader.getHeight(0)), left, top);
    }

    /**
     * The canvas in 8-bit RGB with {@code frame} drawn at its place. Outside the frame it holds what
     * PIL fills it with: palette entry 0, or transparent when the frame has a transparent colour
     * (white here, like every transparent pixel); transparent pixels of the frame are white.
     */
    BufferedImage draw(BufferedImage frame) {
        BufferedImage canvas = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(background(frame));
        g.fillRect(0, 0, (int) width, (int) height);
        g.setColor(Color.WHITE);
        g.fillRect(left, top, frame.getWidth(), frame.getHeight());
        g.drawImage(frame, left, top, null);
        g.dispose();
        return canvas;
    }

    private static Color background(BufferedImage frame) {
        if (frame.getColorModel() instanceof IndexColorModel palette && palette.getTransparentPixel() < 0) {
            return new Color(palette.getRGB(0));
        }
        return Color.WHITE;
    }

    private static Node child(IIOMetadata metadata, String format, String name) {
        if (metadata == null) {
            throw new ImageFormatException("the GIF reader gives no " + name);
        }
        for (Node node = metadata.getAsTree(format).getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node.getNodeName().equals(name)) {
                return node;
            }
        }
        throw new ImageFormatException("the GIF has no " + name);
    }

    private static int attribute(Node node, String name) {
        NamedNodeMap attributes = node.getAttributes();
        return Integer.parseInt(attributes.getNamedItem(name).getNodeValue());
    }
}
