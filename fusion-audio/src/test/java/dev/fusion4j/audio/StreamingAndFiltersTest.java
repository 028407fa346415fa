package dev.fusion4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Features;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingAndFiltersTest {
    private static final MfccAudioEncoder KALDI = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).build();

    private static short[] noise(int count, long seed) {
        Random random = new Random(seed);
        short[] x = new short[count];
        for (int i = 0; i < count; i++) {
            x[i] = (short) (3000 * random.nextGaussian());
        }
        return x;
    }

    @Test
    void streamingInChunksEqualsEncodingTheWholeClip() {
        byte[] wav = Wavs.wav(1, 1, 16000, 16, Wavs.pcm16(noise(3 * 16000 + 123, 5)));
        Features whole = KALDI.encode(WavDecoder.decode(wav));
        List<Features> chunks = new ArrayList<>();
        long frames = KALDI.stream(new ByteArrayInputStream(wav), 0.37, chunks::add);
        assertEquals(whole.length(), frames);
        int t = 0;
        for (Features chunk : chunks) {
            for (int i = 0; i < chunk.length(); i++, t++) {
                assertArrayEquals(whole.row(t), chunk.row(i), 0f, "frame " + t);
                assertEquals(whole.timestamps()[t], chunk.timestamps()[i], 1e-9);
            }
        }
        assertTrue(chunks.size() > 5);
    }

    @Test
    void aLongStreamIsEncodedWithoutHoldingTheRecording() {
        // 20 minutes here (the 6-hour run is the benchmark's); the clip never exists as an array
        long samples = 20L * 60 * 16000;
        long[] frames = {0};
        long produced = KALDI.stream(endlessWav(samples), 30, chunk -> frames[0] += chunk.length());
        assertEquals(1 + (samples - 400) / 160, produced);
        assertEquals(produced, frames[0]);
    }

    @Test
    void readingAGibiframeAtOnceGetsWhatTheStreamHolds() {
        // the header announces 2 147 483 640 frames (a recorder's placeholder), 1 000 follow
        short[] samples = noise(1000, 3);
        byte[] wav = Wavs.wav(1, 1, 16000, 16, Wavs.pcm16(samples));
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFF_FFF0);
        try (WavStream stream = WavStream.open(new ByteArrayInputStream(wav))) {
            float[] read = stream.read(1 << 30);
            assertEquals(1000, read.length);
            for (int i = 0; i < samples.length; i++) {
                assertEquals(samples[i] / 32768f, read[i], "sample " + i);
            }
            assertEquals(0, stream.read(1 << 30).length);
            assertThrows(IllegalArgumentException.class, () -> stream.read(-1));
        }
    }

    @Test
    void streamingRefusesSettingsThatNeedTheWholeClip() {
        MfccAudioEncoder torch = MfccAudioEncoder.builder().build();
        assertThrows(IllegalStateException.class, () -> torch.stream(new ByteArrayInputStream(new byte[0]), 1, f -> { }));
        assertThrows(AudioFormatException.class, () -> KALDI.stream(new ByteArrayInputStream(
                Wavs.wav(1, 1, 8000, 16, Wavs.pcm16(noise(8000, 1)))), 1, f -> { }));
        assertThrows(AudioFormatException.class, () -> KALDI.stream(new ByteArrayInputStream(new byte[10]), 1, f -> { }));
    }

    /** A 16 kHz 16-bit WAV of {@code samples} generated on the fly: a 440 Hz tone. */
    private static InputStream endlessWav(long samples) {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(-1).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(16000).putInt(32000).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes()).putInt((int) (2 * samples));
        byte[] head = header.array();
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                long total = 44 + 2 * samples;
                if (position >= total) {
                    return -1;
                }
                int n = (int) Math.min(len, total - position);
                for (int i = 0; i < n; i++, position++) {
                    if (position < 44) {
                        b[off + i] = head[(int) position];
                    } else {
                        long sample = (position - 44) / 2;
                        short value = (short) (8000 * Math.sin(2 * Math.PI * 440 * sample / 16000.0));
                        b[off + i] = (byte) ((position - 44) % 2 == 0 ? value : value >> 8);
                    }
                }
                return n;
            }
        };
    }

    @Test
    void filtersDoWhatTheySay() {
        AudioClip offset = AudioClip.of(new float[] {1, 2, 3, 6}, 16000);
        assertArrayEquals(new float[] {-2, -1, 0, 3}, AudioFilters.removeDc(offset).samples(), 1e-6f);
        assertArrayEquals(new float[] {1, 2 - 0.97f, 3 - 1.94f, 6 - 2.91f},
                AudioFilters.preEmphasis(offset, 0.97).samples(), 1e-6f);
        float[] quiet = new float[1600];
        quiet[100] = 1e-4f;
        float[] loud = new float[1600];
        java.util.Arrays.fill(loud, 800, 1600, 0.5f);
        float[] mixed = new float[1600];
        for (int i = 0; i < 1600; i++) {
            mixed[i] = quiet[i] + loud[i];
        }
        float[] gated = AudioFilters.noiseGate(AudioClip.of(mixed, 16000), -50, 10).samples();
        assertEquals(0f, gated[100]);
        assertEquals(0.5f, gated[1000]);
        double lowKept = rms(AudioFilters.highPass(tone(100), 2000).samples());
        double highKept = rms(AudioFilters.highPass(tone(6000), 2000).samples());
        assertTrue(highKept > 2 * lowKept, "high-pass keeps 6 kHz (" + highKept + ") over 100 Hz (" + lowKept + ")");
        double lowPassed = rms(AudioFilters.lowPass(tone(100), 500).samples());
        double highPassed = rms(AudioFilters.lowPass(tone(6000), 500).samples());
        assertTrue(lowPassed > 2 * highPassed, "low-pass keeps 100 Hz over 6 kHz");
    }

    @Test
    void tarsosPresetGivesItsOwnFramesWithTimestamps() {
        TarsosMfccEncoder tarsos = new TarsosMfccEncoder(16000, 512, 256);
        Features f = tarsos.encode(tone(440));
        assertEquals(30, f.dim());
        assertEquals(1 + (16000 - 512) / 256, f.length());
        assertEquals(256 / 16000.0, f.timestamps()[0], 1e-12);
        assertThrows(AudioFormatException.class, () -> tarsos.encode(AudioClip.of(new float[100], 16000)));
    }

    private static AudioClip tone(double hz) {
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / 16000));
        }
        return AudioClip.of(x, 16000);
    }

    private static double rms(float[] x) {
        double sum = 0;
        for (int i = x.length / 4; i < x.length; i++) {
            sum += x[i] * (double) x[i];
        }
        return Math.sqrt(sum / (x.length - x.length / 4));
    }
}
