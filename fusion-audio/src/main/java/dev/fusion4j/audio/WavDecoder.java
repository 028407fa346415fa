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
        WavFormat format = null;
        while (buffer.remaining() >= 8) {
            String id = tag(buffer);
            long size = Integer.toUnsignedLong(buffer.getInt());
            if (size > buffer.remaining()) {
                if (!id.equals("data")) {
                    throw new AudioFormatException("WAV chunk '" + id + "' declares " + size + " bytes but only "
                            + buffer.remaining() + " follow (truncated file)");
                }
                size = buffer.remaining() - buffer.remaining() % (format == null ? 1 : format.frameBytes());
            }
            int start = buffer.position();
            if (id.equals("fmt ")) {
                format = WavFormat.parse(buffer, size);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw new AudioFormatException("WAV data chunk comes before its fmt chunk");
                }
                return samples(buffer, (int) size, format);
            }
            buffer.position((int) Math.min(buffer.limit(), start + size + (size & 1)));
        }
        throw new AudioFormatException("WAV file has no data chunk" + (format == null ? " and no fmt chunk" : ""));
    }

    private static AudioClip samples(ByteBuffer buffer, int size, WavFormat format) {
        format.requireSupported();
        long frames = size / format.frameBytes();
        if (frames > MAX_FRAMES) {
            throw new AudioFormatException("WAV data of " + frames + " frames is longer than " + MAX_FRAMES
                    + " (6 h at 48 kHz); stream it instead");
        }
        return AudioClip.of(format.readMono(buffer, (int) frames), format.sampleRate());
    }

    private static AudioClip decodeWithJavaSound(byte[] bytes) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
            AudioFormat source = in.getFormat();
            AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, source.getSampleRate(), 16,
                    source.getChannels(), 2 * source.getChannels(), source.getSampleRate(), false);
            try (AudioInputStream converted = AudioSystem.getAudioInputStream(target, in)) {
                byte[] pcm = converted.readAllBytes();
                ByteBuffer buffer = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
                return samples(buffer, pcm.length, new WavFormat(WavFormat.PCM, source.getChannels(),
                        Math.round(source.getSampleRate()), 16));
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
