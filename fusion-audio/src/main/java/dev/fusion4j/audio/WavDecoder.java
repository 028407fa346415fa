package dev.fusion4j.audio;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Decodes WAV (RIFF/WAVE): PCM 8 (unsigned), 16, 24 and 32-bit, IEEE float 32 and 64-bit,
 * {@code WAVE_FORMAT_EXTENSIBLE}; any number of channels, mixed down to mono by averaging; any
 * sample rate. Files and streams are read block by block ({@link WavStream}), never whole into
 * memory, so only the decoded clip has to fit; sizes in the header are checked against the bytes
 * present before the clip is allocated. Other formats (AIFF, AU) go through {@code javax.sound}.
 * Stateless and thread-safe.
 */
public final class WavDecoder {
    /** The most samples (per channel) one clip may hold: 6 hours at 48 kHz. */
    public static final long MAX_FRAMES = 6L * 3600 * 48_000;

    private WavDecoder() {
    }

    /**
     * Decodes a file (WAV natively, AIFF/AU through {@code javax.sound}), of any size up to
     * {@link #MAX_FRAMES} frames of audio.
     */
    public static AudioClip decode(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return decode(in, Files.size(file));
        } catch (IOException e) {
            throw new AudioFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a whole stream (read to the end of its audio; the stream is left open). */
    public static AudioClip decode(InputStream stream) {
        try {
            return decode(stream.markSupported() ? stream : new BufferedInputStream(stream), -1);
        } catch (IOException e) {
            throw new AudioFormatException("cannot read the audio stream: " + e.getMessage(), e);
        }
    }

    /**
     * @throws AudioFormatException naming what is wrong with the header or data
     */
    public static AudioClip decode(byte[] bytes) {
        try {
            return decode(new ByteArrayInputStream(bytes), bytes.length);
        } catch (IOException e) {
            throw new IllegalStateException("reading an array failed", e);
        }
    }

    /** A source of {@code size} bytes (-1: unknown) that supports mark and reset. */
    private static AudioClip decode(InputStream in, long size) throws IOException {
        in.mark(12);
        byte[] head = in.readNBytes(12);
        in.reset();
        if (head.length == 12 && tag(head, 0).equals("RIFF") && tag(head, 8).equals("WAVE")) {
            return readAll(WavStream.open(in, size), size >= 0);
        }
        return decodeWithJavaSound(in, size);
    }

    /**
     * The whole clip; refused before reading where the source's size shows it is longer than
     * {@link #MAX_FRAMES}, and after {@code MAX_FRAMES} where the size is unknown.
     */
    private static AudioClip readAll(WavStream wav, boolean sized) {
        long frames = wav.remainingFrames();
        if (sized && frames > MAX_FRAMES) {
            throw tooLong(String.valueOf(frames));
        }
        float[] samples = wav.read((int) Math.min(frames, MAX_FRAMES));
        if (samples.length == MAX_FRAMES && wav.read(1).length > 0) {
            throw tooLong("more than " + MAX_FRAMES);
        }
        return AudioClip.of(samples, wav.sampleRate());
    }

    private static AudioFormatException tooLong(String frames) {
        return new AudioFormatException("audio of " + frames + " frames is longer than the " + MAX_FRAMES
                + " (6 h at 48 kHz) a clip may hold; stream it with WavStream or MfccAudioEncoder.stream instead");
    }

    // the javax.sound streams only wrap the caller's stream: closing them would close it
    @SuppressWarnings("resource")
    private static AudioClip decodeWithJavaSound(InputStream stream, long size) {
        try {
            AudioInputStream in = AudioSystem.getAudioInputStream(stream);
            AudioFormat source = in.getFormat();
            WavFormat pcm = WavFormat.pcm16(source.getChannels(), sampleRate(source.getSampleRate()));
            AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, source.getSampleRate(), 16,
                    source.getChannels(), pcm.frameBytes(), source.getSampleRate(), false);
            AudioInputStream converted = AudioSystem.getAudioInputStream(target, in);
            long frames = in.getFrameLength();
            boolean known = frames != AudioSystem.NOT_SPECIFIED;
            return readAll(new WavStream(converted, pcm, known ? frames * pcm.frameBytes() : Long.MAX_VALUE, known),
                    known);
        } catch (UnsupportedAudioFileException e) {
            throw new AudioFormatException("not a WAV file, and javax.sound does not recognise the format"
                    + (size >= 0 ? " (" + size + " bytes)" : ""), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new AudioFormatException("cannot decode the audio: " + e.getMessage(), e);
        }
    }

    /** A header's rate as a whole number of Hz. */
    private static int sampleRate(float hz) {
        if (!(hz >= 0.5f && hz < Integer.MAX_VALUE)) {
            throw new AudioFormatException("the audio header declares a sample rate of " + hz
                    + " Hz (supported: 1 Hz up to " + Integer.MAX_VALUE + " Hz)");
        }
        return Math.round(hz);
    }

    private static String tag(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
    }
}
