package dev.fusion4j.image;

/** Reads JPEG headers: the EXIF orientation tag (0x0112) of the APP1 segment, the component count. */
final class JpegHeaders {
    private JpegHeaders() {
    }

    /** The EXIF orientation (1–8), 1 when there is none or this is not a JPEG. */
    static int orientation(byte[] jpeg) {
        int app1 = findSegment(jpeg, (marker, offset) -> marker == 0xE1 && offset + 10 <= jpeg.length
                && new String(jpeg, offset + 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("Exif"));
        return app1 < 0 ? 1 : fromTiff(jpeg, app1 + 10, Math.min(jpeg.length, app1 + 2 + segmentLength(jpeg, app1)));
    }

    /** The number of colour components in a JPEG's frame header, or 0 if it is not a JPEG. */
    static int components(byte[] jpeg) {
        int frame = findSegment(jpeg, (marker, offset) -> marker >= 0xC0 && marker <= 0xC3 && offset + 10 <= jpeg.length);
        return frame < 0 ? 0 : jpeg[frame + 9] & 0xFF;
    }

    @FunctionalInterface
    private interface SegmentTest {
        boolean matches(int marker, int offset);
    }

    /** The offset of the first header segment (before the scan) that passes {@code test}, or -1. */
    private static int findSegment(byte[] jpeg, SegmentTest test) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            return -1;
        }
        int offset = 2;
        while (offset + 4 <= jpeg.length && (jpeg[offset] & 0xFF) == 0xFF) {
            int marker = jpeg[offset + 1] & 0xFF;
            if (test.matches(marker, offset)) {
                return offset;
            }
            int length = segmentLength(jpeg, offset);
            if (marker == 0xDA || length < 2) {
                return -1;
            }
            offset += 2 + length;
        }
        return -1;
    }

    private static int segmentLength(byte[] jpeg, int offset) {
        return ((jpeg[offset + 2] & 0xFF) << 8) | (jpeg[offset + 3] & 0xFF);
    }

    private static int fromTiff(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) {
            return 1;
        }
        boolean little = b[tiff] == 'I';
        int ifd = tiff + read(b, tiff + 4, 4, little);
        if (ifd < tiff || ifd + 2 > end) {
            return 1;
        }
        int entries = read(b, ifd, 2, little);
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + 12 * i;
            if (entry + 12 > end) {
                return 1;
            }
            if (read(b, entry, 2, little) == 0x0112) {
                return read(b, entry + 8, 2, little);
            }
        }
        return 1;
    }

    private static int read(byte[] b, int offset, int bytes, boolean little) {
        int value = 0;
        for (int i = 0; i < bytes; i++) {
            int shift = little ? 8 * i : 8 * (bytes - 1 - i);
            value |= (b[offset + i] & 0xFF) << shift;
        }
        return value;
    }
}
