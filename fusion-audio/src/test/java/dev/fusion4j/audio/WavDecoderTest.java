package dev.fusion4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavDecoderTest {

    @Test
    void decodesEveryPcmWidthAndFloat() {
        AudioClip pcm16 = WavDecoder.decode(Wavs.wav(1, 1, 8000, 16, Wavs.pcm16((short) 16384, (short) -32768)));
        assertArrayEquals(new float[] {0.5f, -1f}, pcm16.samples());
        assertEquals(8000, pcm16.sampleRate());
        AudioClip pcm8 = WavDecoder.decode(Wavs.wav(1, 1, 8000, 8, new byte[] {(byte) 192, 0, (byte) 128}));
        assertArrayEquals(new float[] {0.5f, -1f, 0f}, pcm8.samples());
        // 24-bit little endian: 0x400000 = 0.5, 0x800000 = -1
        AudioClip pcm24 = WavDecoder.decode(Wavs.wav(1, 1, 8000, 24, new byte[] {0, 0, 0x40, 0, 0, (byte) 0x80}));
        assertArrayEquals(new float[] {0.5f, -1f}, pcm24.samples());
        byte[] pcm32 = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(1 << 30).array();
        assertArrayEquals(new float[] {0.5f}, WavDecoder.decode(Wavs.wav(1, 1, 8000, 32, pcm32)).samples());
        assertArrayEquals(new float[] {0.25f, -0.75f},
                WavDecoder.decode(Wavs.wav(3, 1, 44100, 32, Wavs.float32(0.25f, -0.75f))).samples());
    }

    @Test
    void channelsAreMixedToMonoByAveraging() {
        AudioClip stereo = WavDecoder.decode(Wavs.wav(1, 2, 16000, 16,
                Wavs.pcm16((short) 16384, (short) 0, (short) -16384, (short) -16384)));
        assertArrayEquals(new float[] {0.25f, -0.5f}, stereo.samples());
        assertEquals(2 / 16000.0, stereo.duration(), 1e-12);
    }

    @Test
    void badFilesGetTypedErrorsNamingTheProblem() {
        byte[] good = Wavs.wav(1, 1, 16000, 16, Wavs.pcm16(new short[1000]));
        assertThrows(AudioFormatException.class, () -> WavDecoder.decode(new byte[0]));
        assertThrows(AudioFormatException.class,
                () -> WavDecoder.decode("this is not audio at all".getBytes(StandardCharsets.UTF_8)));
        byte[] corruptFmt = good.clone();
        corruptFmt[16] = 100;   // fmt chunk claims 100 bytes
        assertThrows(AudioFormatException.class, () -> WavDecoder.decode(Arrays.copyOf(corruptFmt, 60)));
        AudioFormatException zeroRate = assertThrows(AudioFormatException.class,
                () -> WavDecoder.decode(Wavs.wav(1, 1, 0, 16, Wavs.pcm16((short) 1))));
        assertTrue(zeroRate.getMessage().contains("sample rate"), zeroRate.getMessage());
        assertThrows(AudioFormatException.class, () -> WavDecoder.decode(Wavs.wav(1, 1, -16000, 16,
                Wavs.pcm16((short) 1))));
        assertThrows(AudioFormatException.class, () -> WavDecoder.decode(Wavs.wav(1, 0, 16000, 16,
                Wavs.pcm16((short) 1))));
        AudioFormatException encoding = assertThrows(AudioFormatException.class,
                () -> WavDecoder.decode(Wavs.wav(2, 1, 16000, 4, new byte[4])));
        assertTrue(encoding.getMessage().contains("unsupported"), encoding.getMessage());
        AudioFormatException nan = assertThrows(AudioFormatException.class,
                () -> WavDecoder.decode(Wavs.wav(3, 1, 16000, 32, Wavs.float32(0f, Float.NaN))));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
    }

    @Test
    void truncatedDataKeepsTheWholeFramesThatArrived() {
        byte[] good = Wavs.wav(1, 2, 16000, 16, Wavs.pcm16(new short[1000]));
        AudioClip truncated = WavDecoder.decode(Arrays.copyOf(good, 44 + 401));
        assertEquals(100, truncated.length(), "401 bytes of 4-byte frames: 100 whole frames");
        assertEquals(0, WavDecoder.decode(Wavs.wav(1, 1, 16000, 16, new byte[0])).length());
    }

    @Test
    void aFileOverTwoGibibytesIsReadInBlocksNotWhole(@TempDir Path dir) throws IOException {
        // 2 GiB of JUNK chunk (a hole in a sparse file, never written) before a data chunk of two samples
        long junk = 1L << 31;
        ByteBuffer head = header(4 + 24 + 8 + junk + 8 + 4);
        head.put("JUNK".getBytes()).putInt((int) junk).flip();
        ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        data.put("data".getBytes()).putInt(4).putShort((short) 16384).putShort((short) -8192).flip();
        Path file = sparse(dir, head, junk, data);
        assertTrue(Files.size(file) > Integer.MAX_VALUE);
        AudioClip clip = WavDecoder.decode(file);
        assertArrayEquals(new float[] {0.5f, -0.25f}, clip.samples());
    }

    @Test
    void aFileWithMoreThanTheLongestClipIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        // 4 GiB of 16-bit mono (a sparse file): 2 147 483 640 frames, over MAX_FRAMES = 1 036 800 000
        long bytes = 0xFFFF_FFF0L;
        ByteBuffer head = header(4 + 24 + 8 + bytes);
        head.put("data".getBytes()).putInt((int) bytes).flip();
        Path file = sparse(dir, head, bytes - 2, ByteBuffer.allocate(2));
        AudioFormatException tooLong = assertThrows(AudioFormatException.class, () -> WavDecoder.decode(file));
        assertTrue(tooLong.getMessage().contains("2147483640 frames") && tooLong.getMessage().contains("1036800000"),
                tooLong.getMessage());
    }

    /** RIFF, WAVE and a 16 kHz 16-bit mono fmt chunk, with room for one more chunk header. */
    private static ByteBuffer header(long riffSize) {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        return b.put("RIFF".getBytes()).putInt((int) riffSize).put("WAVE".getBytes()).put("fmt ".getBytes())
                .putInt(16).putShort((short) 1).putShort((short) 1).putInt(16000).putInt(32000)
                .putShort((short) 2).putShort((short) 16);
    }

    /** {@code head}, then a hole of {@code gap} bytes, then {@code tail}. */
    private static Path sparse(Path dir, ByteBuffer head, long gap, ByteBuffer tail) throws IOException {
        Path file = dir.resolve("big.wav");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            long end = channel.write(head);
            channel.write(tail, end + gap);
        }
        return file;
    }

    @Test
    void aDataChunkDeclaringZeroBytesIsReadToTheEndOnlyWhereTheRiffSizeIsUnfinishedToo() {
        byte[] audio = Wavs.pcm16((short) 16384, (short) -16384, (short) 8192);
        // an interrupted recording: neither size was written (libsndfile reads such files to the end)
        byte[] unfinished = Wavs.wavWithSizes(36, 0, audio);
        assertArrayEquals(new float[] {0.5f, -0.5f, 0.25f}, WavDecoder.decode(unfinished).samples());
        assertArrayEquals(new float[] {0.5f, -0.5f, 0.25f},
                WavDecoder.decode(new ByteArrayInputStream(unfinished)).samples(), "a stream of unknown size");
        assertArrayEquals(new float[] {0.5f, -0.5f, 0.25f},
                WavDecoder.decode(Wavs.wavWithSizes(-1, 0, audio)).samples(), "RIFF size 0xFFFFFFFF: unknown");
        // the RIFF size counts the audio, the data chunk says 0 bytes: the header contradicts itself
        AudioFormatException damaged = assertThrows(AudioFormatException.class,
                () -> WavDecoder.decode(Wavs.wavWithSizes(36 + 6, 0, audio)));
        assertTrue(damaged.getMessage().contains("declares 0 bytes") && damaged.getMessage().contains("6 more"),
                damaged.getMessage());
    }

    @Test
    void inconsistentBlockAlignAndASecondFmtChunkAreRefused() {
        byte[] badAlign = Wavs.wav(1, 2, 16000, 16, Wavs.pcm16((short) 1, (short) 2));
        ByteBuffer.wrap(badAlign).order(ByteOrder.LITTLE_ENDIAN).putShort(32, (short) 2);   // should be 2 × 2
        AudioFormatException align = assertThrows(AudioFormatException.class, () -> WavDecoder.decode(badAlign));
        assertTrue(align.getMessage().contains("block align of 2") && align.getMessage().contains("take 4"),
                align.getMessage());
        assertThrows(AudioFormatException.class, () -> WavStream.open(new ByteArrayInputStream(badAlign)));

        byte[] one = Wavs.wav(1, 1, 16000, 16, Wavs.pcm16((short) 1));
        byte[] two = new byte[one.length + 24];
        System.arraycopy(one, 0, two, 0, 36);                      // RIFF, WAVE, fmt (16 kHz)
        System.arraycopy(Wavs.wav(1, 1, 8000, 16, new byte[0]), 12, two, 36, 24);   // a second fmt (8 kHz)
        System.arraycopy(one, 36, two, 60, one.length - 36);       // data
        ByteBuffer.wrap(two).order(ByteOrder.LITTLE_ENDIAN).putInt(4, two.length - 8);
        AudioFormatException second = assertThrows(AudioFormatException.class, () -> WavDecoder.decode(two));
        assertTrue(second.getMessage().contains("second fmt chunk at byte 36"), second.getMessage());
    }

    @Test
    void aiffIsDecodedAndANanSampleRateIsRefused() {
        byte[] aiff = aiff(new byte[] {0x40, 0x0E, (byte) 0xAC, 0x44, 0, 0, 0, 0, 0, 0},   // 44 100 Hz
                (short) 16384, (short) 0, (short) -16384, (short) -16384);
        AudioClip clip = WavDecoder.decode(aiff);
        assertEquals(44_100, clip.sampleRate());
        assertArrayEquals(new float[] {0.25f, -0.5f}, clip.samples(), "stereo, averaged");
        byte[] nan = aiff(new byte[] {0x7F, (byte) 0xFF, (byte) 0xC0, 0, 0, 0, 0, 0, 0, 0}, (short) 1, (short) 1);
        AudioFormatException rate = assertThrows(AudioFormatException.class, () -> WavDecoder.decode(nan));
        // javax.sound reads the NaN as 3.4e38 Hz (once rounded to 2 147 483 647 Hz and accepted)
        assertTrue(rate.getMessage().contains("sample rate of 3.4028235E38 Hz (supported: 1 Hz up to 2147483647 Hz)"),
                rate.getMessage());
    }

    /** A 16-bit stereo AIFF with the given 80-bit extended sample rate and interleaved samples. */
    private static byte[] aiff(byte[] rate, short... samples) {
        ByteBuffer b = ByteBuffer.allocate(12 + 26 + 16 + 2 * samples.length);   // big-endian
        b.put("FORM".getBytes()).putInt(b.capacity() - 8).put("AIFF".getBytes());
        b.put("COMM".getBytes()).putInt(18).putShort((short) 2).putInt(samples.length / 2).putShort((short) 16)
                .put(rate);
        b.put("SSND".getBytes()).putInt(8 + 2 * samples.length).putInt(0).putInt(0);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    @Test
    void clipsRejectImpossibleValues() {
        assertThrows(AudioFormatException.class, () -> AudioClip.of(new float[] {0, Float.NaN}, 16000));
        assertThrows(AudioFormatException.class, () -> AudioClip.of(new float[] {0}, 0));
    }
}
