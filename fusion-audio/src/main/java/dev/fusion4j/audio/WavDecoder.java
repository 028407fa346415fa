package dev.fusion4j.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Decodes WAV (RIFF/WAVE): PCM 8 (unsigned), 16, 24 and 32-bit, IEEE float 32 and 64-bit,
 * {@code WAVE_FORMAT_EXTENSIBLE}; any number of channels, mixed down to mono by averaging; any
 * sample rate. Every size in the header is checked against the bytes present before anything is
 * allocated. Other formats (AIFF, AU) go through {@code javax.sound}. Stateless and thread-safe.
 */
public final class WavDecoder {
    /** The most samples (per channel) one clip may hold: 6 hours at 48 kHz. */
    public static final long MAX_FRAMES = 6L * 3600 * 48_000;
    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;

    private WavDecoder() {
    }

    /** Decodes a file (WAV natively, AIFF/AU through {@code javax.sound}). */
    public static AudioClip decode(Path file) {
        try {
            if (Files.size(file) > 2L * MAX_FRAMES * 8 + 1024) {
                throw new AudioFormatException(file + " is larger than the longest supported clip");
            }
            return decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new AudioFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a whole stream (read to its end). */
    public static AudioClip decode(InputStream stream) {
        try {
            return decode(stream.readAllBytes());
        } catch (IOException e) {
            throw new AudioFormatException("cannot read the audio stream: " + e.getMessage(), e);
        }
    }

    /**
     * @throws AudioFormatException naming what is wrong with the header or data
     */
    public static AudioClip decode(byte[] bytes) {
        if (bytes.length >= 12 && tag(bytes, 0).equals("RIFF") && tag(bytes, 8).equals("WAVE")) {
            return decodeWav(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        }
        return decodeWithJavaSound(bytes);
    }

    private static AudioClip decodeWav(ByteBuffer buffer) {
        buffer.position(12);
        int format = -1;
        int channels = 0;
        int sampleRate = 0;
        int bits = 0;
        while (buffer.remaining() >= 8) {
            String id = tag(buffer);
            long size = Integer.toUnsignedLong(buffer.getInt());
            if (size > buffer.remaining()) {
                if (!id.equals("data")) {
                    throw new AudioFormatException("WAV chunk '" + id + "' declares " + size + " bytes but only "
                            + buffer.remaining() + " follow (truncated file)");
                }
                size = buffer.remaining() - buffer.remaining() % Math.max(1, channels * Math.max(1, bits / 8));
            }
            int start = buffer.position();
            if (id.equals("fmt ")) {
                if (size < 16) {
                    throw new AudioFormatException("WAV fmt chunk of " + size + " bytes is too short");
                }
                format = Short.toUnsignedInt(buffer.getShort());
                channels = Short.toUnsignedInt(buffer.getShort());
                sampleRate = buffer.getInt();
                buffer.getInt();
                buffer.getShort();
                bits = Short.toUnsignedInt(buffer.getShort());
                if (format == EXTENSIBLE && size >= 40) {
                    buffer.position(start + 24);
                    format = Short.toUnsignedInt(buffer.getShort());
                }
            } else if (id.equals("data")) {
                if (format < 0) {
                    throw new AudioFormatException("WAV data chunk comes before its fmt chunk");
                }
                return samples(buffer, (int) size, format, channels, sampleRate, bits);
            }
            buffer.position((int) Math.min(buffer.limit(), start + size + (size & 1)));
        }
        throw new AudioFormatException("WAV file has no data chunk" + (format < 0 ? " and no fmt chunk" : ""));
    }

    private static AudioClip samples(ByteBuffer buffer, int size, int format, int channels, int sampleRate, int bits) {
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
        int bytesPerSample = bits / 8;
        long frames = size / ((long) bytesPerSample * channels);
        if (frames > MAX_FRAMES) {
            throw new AudioFormatException("WAV data of " + frames + " frames is longer than " + MAX_FRAMES
                    + " (6 h at 48 kHz); stream it instead");
        }
        float[] mono = new float[(int) frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += floating ? readFloat(buffer, bits) : readPcm(buffer, bits);
            }
            mono[f] = (float) (sum / channels);
        }
        return AudioClip.of(mono, sampleRate);
    }

    private static double readPcm(ByteBuffer buffer, int bits) {
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

    private static double readFloat(ByteBuffer buffer, int bits) {
        double value = bits == 32 ? buffer.getFloat() : buffer.getDouble();
        if (!Double.isFinite(value)) {
            throw new AudioFormatException("WAV float data holds the non-finite sample " + value + " at byte "
                    + (buffer.position() - bits / 8));
        }
        return value;
    }

    private static AudioClip decodeWithJavaSound(byte[] bytes) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
            AudioFormat source = in.getFormat();
            AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, source.getSampleRate(), 16,
                    source.getChannels(), 2 * source.getChannels(), source.getSampleRate(), false);
            try (AudioInputStream converted = AudioSystem.getAudioInputStream(target, in)) {
                byte[] pcm = converted.readAllBytes();
                ByteBuffer buffer = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
                return samples(buffer, pcm.length, PCM, source.getChannels(), Math.round(source.getSampleRate()), 16);
            }
        } catch (UnsupportedAudioFileException e) {
            throw new AudioFormatException("not a WAV file, and javax.sound does not recognise the format ("
                    + bytes.length + " bytes)", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new AudioFormatException("cannot decode the audio: " + e.getMessage(), e);
        }
    }

    private static String tag(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String tag(ByteBuffer buffer) {
        byte[] id = new byte[4];
        buffer.get(id);
        return new String(id, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
