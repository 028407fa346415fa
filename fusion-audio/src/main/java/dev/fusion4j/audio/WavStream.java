package dev.fusion4j.audio;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads a WAV stream incrementally: the header first, then blocks of mono samples, so a recording
 * of any length is decoded in bounded memory. Supports the encodings of {@link WavDecoder}.
 * Not thread-safe.
 */
public final class WavStream implements AutoCloseable {
    private final DataInputStream in;
    private final WavFormat format;
    private long remaining;

    private WavStream(DataInputStream in, WavFormat format, long dataBytes) {
        this.in = in;
        this.format = format;
        this.remaining = dataBytes;
    }

    /**
     * Reads the header up to the start of the samples.
     *
     * @throws AudioFormatException for a stream that is not a supported WAV
     */
    public static WavStream open(InputStream stream) {
        DataInputStream in = new DataInputStream(stream);
        try {
            if (!tag(in).equals("RIFF")) {
                throw new AudioFormatException("not a WAV stream: no RIFF header");
            }
            littleInt(in);
            if (!tag(in).equals("WAVE")) {
                throw new AudioFormatException("not a WAV stream: RIFF type is not WAVE");
            }
            WavFormat format = null;
            while (true) {
                String id = tag(in);
                long size = Integer.toUnsignedLong(littleInt(in));
                if (id.equals("fmt ")) {
                    byte[] fmt = in.readNBytes((int) Math.min(size, 1 << 16));
                    format = WavFormat.parse(ByteBuffer.wrap(fmt).order(ByteOrder.LITTLE_ENDIAN), fmt.length);
                    in.skipNBytes(size - fmt.length + (size & 1));
                } else if (id.equals("data")) {
                    if (format == null) {
                        throw new AudioFormatException("WAV data chunk comes before its fmt chunk");
                    }
                    return new WavStream(in, format.requireSupported(), size);
                } else {
                    in.skipNBytes(size + (size & 1));
                }
            }
        } catch (EOFException e) {
            throw new AudioFormatException("WAV stream ends inside its header", e);
        } catch (IOException e) {
            throw new AudioFormatException("cannot read the WAV stream: " + e.getMessage(), e);
        }
    }

    public int sampleRate() {
        return format.sampleRate();
    }

    /**
     * Up to {@code maxFrames} mono samples; an empty array at the end of the data.
     *
     * @throws AudioFormatException if the stream fails or holds a non-finite float
     */
    public float[] read(int maxFrames) {
        int frameBytes = format.frameBytes();
        long frames = Math.min(maxFrames, remaining / frameBytes);
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) (frames * frameBytes));
        } catch (IOException e) {
            throw new AudioFormatException("cannot read the WAV stream: " + e.getMessage(), e);
        }
        remaining -= bytes.length;
        if (bytes.length < frames * frameBytes) {
            remaining = 0;   // truncated stream: keep the whole frames that arrived
        }
        return format.readMono(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), bytes.length / frameBytes);
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
