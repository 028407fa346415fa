package dev.fusion4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The resampler's memory bound; its numbers are checked against torchaudio in {@link TorchaudioReferenceTest}. */
class ResamplerTest {

    @ParameterizedTest
    @CsvSource({"99991, 16000", "16000, 99991", "1, 16000", "16000, 1", "2147483647, 16000", "22254, 16000",
            "16000, 22254", "44100, 16000"})
    void noPairOfRatesTakesMoreThanTheTableBound(int from, int to) {
        // the full table of torchaudio's algorithm: to' phases × (2 · width + from') taps of 8 bytes
        // (99 991 → 16 000 Hz: 12.8 GB; 2 147 483 647 Hz: more taps than an array holds)
        assertTrue(new SincKernel(from, to, Resampler.MAX_TABLE_BYTES).tableBytes() <= Resampler.MAX_TABLE_BYTES);
        float[] clip = noise(from == 1 ? 20 : 2000);
        float[] out = Resampler.resample(clip, from, to);
        assertEquals((long) Math.ceil((double) to * clip.length / from), out.length);
    }

    @Test
    void aToneAtAnOddRateComesOutAsTheSameToneAtTheNewRate() {
        // 200 Hz sampled at 99 991 Hz and resampled to 16 kHz equals 200 Hz sampled at 16 kHz, away
        // from the edges (the kernel sees zeros beyond them), within the filter's pass-band ripple
        int from = 99_991;
        float[] tone = new float[2000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) Math.sin(2 * Math.PI * 200 * i / from);
        }
        float[] out = Resampler.resample(tone, from, 16_000);
        assertEquals(0, new SincKernel(from, 16_000, Resampler.MAX_TABLE_BYTES).tableBytes(), "computed on the fly");
        for (int n = 20; n < out.length - 20; n++) {
            assertEquals(Math.sin(2 * Math.PI * 200 * n / 16_000.0), out[n], 2e-3, "sample " + n);
        }
    }

    @Test
    void theTableAndTheKernelComputedOnTheFlyGiveTheSameSamples() {
        float[] clip = noise(4410);
        assertTrue(new SincKernel(44_100, 16_000, Resampler.MAX_TABLE_BYTES).tableBytes() > 0, "common rates tabulate");
        assertEquals(0, new SincKernel(44_100, 16_000, 0).tableBytes());
        assertArrayEquals(Resampler.resample(clip, 44_100, 16_000), Resampler.resample(clip, 44_100, 16_000, 0));
        assertArrayEquals(Resampler.resample(clip, 8_000, 16_000), Resampler.resample(clip, 8_000, 16_000, 0));
    }

    private static float[] noise(int length) {
        Random random = new Random(11);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) (0.3 * random.nextGaussian());
        }
        return x;
    }
}
