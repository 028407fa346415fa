package dev.fusion4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

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
    void clipsRejectImpossibleValues() {
        assertThrows(AudioFormatException.class, () -> AudioClip.of(new float[] {0, Float.NaN}, 16000));
        assertThrows(AudioFormatException.class, () -> AudioClip.of(new float[] {0}, 0));
    }
}
