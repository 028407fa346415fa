package dev.fusion4j.audio;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads a WAV stream incrementally: the header first, then blocks of mono samples, so a recording
 * of any length is decoded in bounded memory. Supports the encodings of {@link WavDecoder}, and
 * decides its header cases the same way (it is the parser {@link WavDecoder} uses). Not
 * thread-safe; holds no native resources.
 */
public final class WavStream implements AutoCloseable {
    /** The most bytes read from the stream at once. */
    private static final int BLOCK_BYTES = 1 << 20;
    /** The RIFF size of a stream written before its length was known. */
    private static final long UNKNOWN_RIFF_SIZE = 0xFFFF_FFFFL;

    private final DataInputStream in;
    private final WavFormat format;
    /** Whether {@link #remaining} is backed by bytes the source holds (a file or an array of known size). */
    private final boolean sized;
    private long remaining;

    WavStream(InputStream in, WavFormat format, long dataBytes, boolean sized) {
        this.in = in instanceof DataInputStream data ? data : new DataInputStream(in);
        this.format = format.requireSupported();
        this.remaining = dataBytes;
        this.sized = sized;
    }

    /**
     * Reads the header up to the start of the samples.
     *
     * @throws AudioFormatException for a stream that is not a supported WAV
     */
    public static WavStream open(InputStream stream) {
        return open(stream, -1);
    }

    /**
     * {@link #open(InputStream)} for a source of {@code sourceBytes} bytes in all (-1: unknown): a
     * data chunk declaring more than the source holds is cut to what it holds.
     */
    static WavStream open(InputStream stream, long sourceBytes) {
        DataInputStream in = new DataInputStream(stream);
        try {
            if (!tag(in).equals("RIFF")) {
                throw new AudioFormatException("not a WAV stream: no RIFF header");
            }
            long riffSize = Integer.toUnsignedLong(littleInt(in));
            if (!tag(in).equals("WAVE")) {
                throw new AudioFormatException("not a WAV stream: RIFF type is not WAVE");
            }
            long position = 12;
            WavFormat format = null;
            while (true) {
                String id = tag(in);
                long size = Integer.toUnsignedLong(littleInt(in));
                position += 8;
                if (id.equals("data")) {
                    if (format == null) {
                        throw new AudioFormatException("WAV data chunk comes before its fmt chunk");
                    }
                    long dataBytes = size == 0 ? unfinishedDataBytes(riffSize, position) : size;
                    long available = sourceBytes < 0 ? Long.MAX_VALUE : sourceBytes - position;
                    return new WavStream(in, format, Math.min(dataBytes, available), sourceBytes >= 0);
                }
                long read = 0;
                if (id.equals("fmt ")) {
                    if (format != null) {
                        throw new AudioFormatException("WAV file has a second fmt chunk at byte " + (position - 8)
                                + ": which one describes the data is ambiguous");
                    }
                    byte[] fmt = in.readNBytes((int) Math.min(size, 1 << 16));
                    read = fmt.length;
                    format = WavFormat.parse(ByteBuffer.wrap(fmt).order(ByteOrder.LITTLE_ENDIAN), fmt.length);
                }
                long padded = size + (size & 1);
                in.skipNBytes(padded - read);
                position += padded;
            }
        } catch (EOFException e) {
            throw new AudioFormatException("WAV stream ends inside its header, before a data chunk", e);
        } catch (IOException e) {
            throw new AudioFormatException("cannot read the WAV stream: " + e.getMessage(), e);
        }
    }

    /**
     * The length of a data chunk that declares 0 bytes: the rest of the stream where the RIFF size
     * was never written either (a recording interrupted before its header was finished, as libsndfile
     * reads it); a damaged header where the RIFF size says more bytes follow the data chunk's header.
     */
    private static long unfinishedDataBytes(long riffSize, long dataStart) {
        long declaredAfter = riffSize + 8 - dataStart;
        if (riffSize != UNKNOWN_RIFF_SIZE && declaredAfter > 0) {
            throw new AudioFormatException("WAV data chunk declares 0 bytes, but the RIFF header declares "
                    + declaredAfter + " more bytes after it: a damaged header");
        }
        return Long.MAX_VALUE;
    }

    public int sampleRate() {
        return format.sampleRate();
    }

    /** The frames the header announces, cut to what the source holds where its size is known. */
    long remainingFrames() {
        return remaining / format.frameBytes();
    }

    /**
     * Up to {@code maxFrames} mono samples, fewer only at the end of the data; an empty array at
     * the end. Memory grows with the samples that arrive, not with what the header declares.
     *
     * @throws IllegalArgumentException if {@code maxFrames} is negative
     * @throws AudioFormatException if the stream fails or holds a non-finite float
     */
    public float[] read(int maxFrames) {
        if (maxFrames < 0) {
            throw new IllegalArgumentException("maxFrames must be ≥ 0, got " + maxFrames);
        }
        int frameBytes = format.frameBytes();
        int blockFrames = Math.max(1, BLOCK_BYTES / frameBytes);
        long wanted = Math.min(maxFrames, remainingFrames());
        float[] out = new float[(int) (sized ? wanted : Math.min(wanted, blockFrames))];
        int filled = 0;
        try {
            while (filled < wanted) {
                int frames = (int) Math.min(wanted - filled, blockFrames);
                byte[] bytes = in.readNBytes(frames * frameBytes);
                int arrived = bytes.length / frameBytes;
                if (filled + arrived > out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(wanted, Math.max(2L * out.length, filled + arrived)));
                }
                format.readMono(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), out, filled, arrived);
                filled += arrived;
                remaining -= bytes.length;
                if (arrived < frames) {
                    remaining = 0;   // truncated stream: keep the whole frames that arrived
                    break;
                }
            }
        } catch (IOException e) {
            throw new AudioFormatException("cannot read the WAV stream: " + e.getMessage(), e);
        }
        return filled == out.length ? out : Arrays.copyOf(out, filled);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new AudioFormatException("cannot close the WAV stream: " + e.getMessage(), e);
        }
    }

    private static String tag(DataInputStream in) throws IOException {
        byte[] id = new byte[4];
        in.readFully(id);
        return new String(id, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static int littleInt(DataInputStream in) throws IOException {
        return Integer.reverseBytes(in.readInt());
    }
}
