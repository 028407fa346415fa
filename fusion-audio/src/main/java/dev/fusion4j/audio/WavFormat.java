package dev.fusion4j.audio;

import java.nio.ByteBuffer;

/**
 * The sample format of a WAV file's {@code fmt} chunk, and the decoding of its interleaved
 * little-endian samples into a mono mix: shared by {@link WavDecoder} (whole files) and
 * {@link WavStream} (blocks).
 *
 * @param format 1 for PCM, 3 for IEEE float (the sub-format of {@code WAVE_FORMAT_EXTENSIBLE})
 * @param blockAlign the bytes per frame the header declares
 */
record WavFormat(int format, int channels, int sampleRate, int bits, int blockAlign) {
    static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;

    /**
     * Reads a {@code fmt} chunk of {@code size} bytes starting at the buffer's position
     * (little-endian); leaves the position anywhere inside the chunk.
     */
    static WavFormat parse(ByteBuffer chunk, long size) {
        if (size < 16) {
            throw new AudioFormatException("WAV fmt chunk of " + size + " bytes is too short");
        }
        int start = chunk.position();
        int format = Short.toUnsignedInt(chunk.getShort());
        int channels = Short.toUnsignedInt(chunk.getShort());
        int sampleRate = chunk.getInt();
        chunk.getInt();
        int blockAlign = Short.toUnsignedInt(chunk.getShort());
        int bits = Short.toUnsignedInt(chunk.getShort());
        if (format == EXTENSIBLE && size >= 26) {
            format = Short.toUnsignedInt(chunk.getShort(start + 24));
        }
        return new WavFormat(format, channels, sampleRate, bits, blockAlign);
    }

    /** Interleaved 16-bit PCM (what {@code javax.sound} converts other formats to). */
    static WavFormat pcm16(int channels, int sampleRate) {
        return new WavFormat(PCM, channels, sampleRate, 16, 2 * channels);
    }

    /** Bytes per frame (one sample of every channel), at least 1 even for a bad header. */
    int frameBytes() {
        return Math.max(1, channels * Math.max(1, bits / 8));
    }

    /**
     * @throws AudioFormatException for no channels, a non-positive rate, an unsupported encoding, or
     *     a block align other than channels × bytes per sample
     */
    WavFormat requireSupported() {
        if (channels < 1) {
            throw new AudioFormatException("WAV header declares " + channels + " channels");
        }
        if (sampleRate <= 0) {
            throw new AudioFormatException("WAV header declares a sample rate of " + Integer.toUnsignedString(sampleRate)
                    + " Hz");
        }
        boolean pcm = format == PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
        boolean floating = format == IEEE_FLOAT && (bits == 32 || bits == 64);
        if (!pcm && !floating) {
            throw new AudioFormatException("unsupported WAV encoding: format " + format + " with " + bits
                    + " bits per sample (supported: PCM 8/16/24/32, float 32/64)");
        }
        if (blockAlign != frameBytes()) {
            throw new AudioFormatException("WAV header declares a block align of " + blockAlign + " bytes, but "
                    + channels + " channels of " + bits + " bits take " + frameBytes());
        }
        return this;
    }

    /** {@code frames} frames from the buffer's position into {@code mono[offset…]}, each the mean of its channels. */
    void readMono(ByteBuffer buffer, float[] mono, int offset, int frames) {
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += format == IEEE_FLOAT ? readFloat(buffer) : readPcm(buffer);
            }
            mono[offset + f] = (float) (sum / channels);
        }
    }

    private double readPcm(ByteBuffer buffer) {
        return switch (bits) {
            case 8 -> (Byte.toUnsignedInt(buffer.get()) - 128) / 128.0;
            case 16 -> buffer.getShort() / 32768.0;
            case 24 -> {
                int low = Byte.toUnsignedInt(buffer.get());
                int mid = Byte.toUnsignedInt(buffer.get());
                int high = buffer.get();
                yield ((high << 16) | (mid << 8) | low) / 8388608.0;
            }
            default -> buffer.getInt() / 2147483648.0;
        };
    }

    private double readFloat(ByteBuffer buffer) {
        double value = bits == 32 ? buffer.getFloat() : buffer.getDouble();
        if (!Double.isFinite(value)) {
            throw new AudioFormatException("WAV float data holds the non-finite sample " + value + " at byte "
                    + (buffer.position() - bits / 8));
        }
        return value;
    }
}
