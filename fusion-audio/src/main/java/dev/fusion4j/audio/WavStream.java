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
    private final int channels;
    private final int sampleRate;
    private final int bits;
    private final boolean floating;
    private long remaining;

    private WavStream(DataInputStream in, int channels, int sampleRate, int bits, boolean floating, long dataBytes) {
        this.in = in;
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.bits = bits;
        this.floating = floating;
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
            int format = -1;
            int channels = 0;
            int rate = 0;
            int bits = 0;
            while (true) {
                String id = tag(in);
                long size = Integer.toUnsignedLong(littleInt(in));
                if (id.equals("fmt ")) {
                    byte[] fmt = in.readNBytes((int) Math.min(size, 1 << 16));
                    if (fmt.length < 16) {
                        throw new AudioFormatException("WAV fmt chunk of " + fmt.length + " bytes is too short");
                    }
                    ByteBuffer b = ByteBuffer.wrap(fmt).order(ByteOrder.LITTLE_ENDIAN);
                    format = Short.toUnsignedInt(b.getShort());
                    channels = Short.toUnsignedInt(b.getShort());
                    rate = b.getInt();
                    b.getInt();
                    b.getShort();
                    bits = Short.toUnsignedInt(b.getShort());
                    if (format == 0xFFFE && fmt.length >= 26) {
                        format = Short.toUnsignedInt(b.getShort(24));
                    }
                    in.skipNBytes(size - fmt.length + (size & 1));
                } else if (id.equals("data")) {
                    if (format < 0) {
                        throw new AudioFormatException("WAV data chunk comes before its fmt chunk");
                    }
                    boolean pcm = format == 1 && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
                    boolean floating = format == 3 && (bits == 32 || bits == 64);
                    if (!pcm && !floating || channels < 1 || rate <= 0) {
                        throw new AudioFormatException("unsupported WAV stream: format " + format + ", " + bits
                                + " bits, " + channels + " channels, " + rate + " Hz");
                    }
                    return new WavStream(in, channels, rate, bits, floating, size);
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
        return sampleRate;
    }

    /**
     * Up to {@code maxFrames} mono samples; an empty array at the end of the data.
     *
     * @throws AudioFormatException if the stream fails or holds a non-finite float
     */
    public float[] read(int maxFrames) {
        int frameBytes = channels * bits / 8;
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
        int whole = bytes.length / frameBytes;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[whole];
        for (int f = 0; f < whole; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += sample(b);
            }
            out[f] = (float) (sum / channels);
        }
        return out;
    }

    private double sample(ByteBuffer b) {
        if (floating) {
            double v = bits == 32 ? b.getFloat() : b.getDouble();
            if (!Double.isFinite(v)) {
                throw new AudioFormatException("WAV stream holds the non-finite sample " + v);
            }
            return v;
        }
        return switch (bits) {
            case 8 -> (Byte.toUnsignedInt(b.get()) - 128) / 128.0;
            case 16 -> b.getShort() / 32768.0;
            case 24 -> {
                int low = Byte.toUnsignedInt(b.get());
                int mid = Byte.toUnsignedInt(b.get());
                yield ((b.get() << 16) | (mid << 8) | low) / 8388608.0;
            }
            default -> b.getInt() / 2147483648.0;
        };
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
