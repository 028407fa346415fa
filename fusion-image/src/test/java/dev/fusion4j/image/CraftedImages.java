package dev.fusion4j.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small image files made byte by byte, for the decoder's tests. */
final class CraftedImages {
    private CraftedImages() {
    }

    /** {@code image} written by ImageIO in {@code format} ("png", "jpg", "tiff", …). */
    static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("ImageIO cannot write " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A PNG signature and IHDR chunk declaring {@code width × height} at {@code bitDepth} bits per
     * sample and {@code colourType} (2 RGB, 6 RGBA), with no pixel data.
     */
    static byte[] pngHeader(int width, int height, int bitDepth, int colourType) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(width).putInt(height)
                .put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }

    /** {@code jpeg} with the frame header (SOF0) changed to declare {@code width × height}. */
    static byte[] jpegDeclaring(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 8 < out.length; i++) {
            if ((out[i] & 0xFF) == 0xFF && (out[i + 1] & 0xFF) == 0xC0) {
                ByteBuffer.wrap(out, i + 5, 4).putShort((short) height).putShort((short) width);
                return out;
            }
        }
        throw new IllegalArgumentException("no SOF0 segment");
    }

    /**
     * A GIF89a with a logical screen of {@code screenWidth × screenHeight}, the global palette
     * {@code 0 = (10, 20, 30)}, {@code 1 = (200, 100, 50)}, and one frame of {@code width × height}
     * at ({@code left}, {@code top}) whose LZW data (minimum code size 2) is {@code lzw};
     * {@code transparent} is the transparent index, or -1 for none.
     */
    static byte[] gif(int screenWidth, int screenHeight, int left, int top, int width, int height, int transparent,
                      byte[] lzw) {
        ByteBuffer b = ByteBuffer.allocate(64 + lzw.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("GIF89a".getBytes()).putShort((short) screenWidth).putShort((short) screenHeight)
                .put((byte) 0x80).put((byte) 0).put((byte) 0)          // global table of 2 entries
                .put(new byte[] {10, 20, 30, (byte) 200, 100, 50});
        if (transparent >= 0) {
            b.put(new byte[] {0x21, (byte) 0xF9, 4, 1, 0, 0, (byte) transparent, 0});
        }
        b.put((byte) 0x2C).putShort((short) left).putShort((short) top).putShort((short) width)
                .putShort((short) height).put((byte) 0)
                .put((byte) 2).put((byte) lzw.length).put(lzw).put((byte) 0)
                .put((byte) 0x3B);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }
}
