package dev.fusion4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Features;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MfccAudioEncoderTest {

    private static AudioClip tone(double hz, double seconds, int rate) {
        float[] x = new float[(int) (seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return AudioClip.of(x, rate);
    }

    @Test
    void frameCountsAndTimestampsFollowTheFraming() {
        MfccAudioEncoder torch = MfccAudioEncoder.builder().build();
        Features centred = torch.encode(tone(440, 1.0, 16000));
        assertEquals(1 + 16000 / 200, centred.length(), "centred: 1 + n / hop");
        assertEquals(0.0, centred.timestamps()[0], 1e-12);
        assertEquals(0.0125, centred.timestamps()[1], 1e-12);
        MfccAudioEncoder kaldi = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).build();
        Features snipped = kaldi.encode(tone(440, 1.0, 16000));
        assertEquals(1 + (16000 - 400) / 160, snipped.length(), "snip edges: 1 + (n - 400) / 160");
        assertEquals(0.0125, snipped.timestamps()[0], 1e-12, "centre of the first 25 ms frame");
        assertEquals(0.0225, snipped.timestamps()[1], 1e-12);
        assertEquals(13, snipped.dim());
    }

    @Test
    void aPureToneLandsInTheMelBandAroundItsFrequency() {
        MfccConfig config = MfccConfig.torchaudio();
        MfccAudioEncoder mel = MfccAudioEncoder.builder().output(MfccAudioEncoder.Output.LOG_MEL).build();
        double[][] frames = mel.frames(tone(1000, 0.5, 16000));
        double[] middle = frames[frames.length / 2];
        int loudest = 0;
        for (int m = 1; m < middle.length; m++) {
            loudest = middle[m] > middle[loudest] ? m : loudest;
        }
        // HTK mel band centres: linspace over mel(0)…mel(8000) in 130 points; band m peaks at point m + 1
        double centre = MelScale.HTK.toHz(MelScale.HTK.toMel(8000) * (loudest + 1) / 129);
        double next = MelScale.HTK.toHz(MelScale.HTK.toMel(8000) * (loudest + 2) / 129);
        double previous = MelScale.HTK.toHz(MelScale.HTK.toMel(8000) * loudest / 129);
        assertTrue(previous < 1000 && 1000 < next, "band " + loudest + " centred at " + centre + " Hz");
        assertEquals(128, config.nMels());
    }

    @Test
    void silenceGivesTheFloorNotInfinity() {
        AudioClip silence = AudioClip.of(new float[8000], 16000);
        double[][] db = MfccAudioEncoder.builder().output(MfccAudioEncoder.Output.LOG_MEL).build().frames(silence);
        for (double[] frame : db) {
            for (double v : frame) {
                assertEquals(-100.0, v, 1e-9, "10 log10(1e-10)");
            }
        }
        double[][] log = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).output(MfccAudioEncoder.Output.LOG_MEL)
                .build().frames(silence);
        assertEquals(Math.log(1.1920928955078125e-07), log[0][0], 1e-9);
        for (double[] frame : MfccAudioEncoder.builder().build().frames(silence)) {
            for (double v : frame) {
                assertTrue(Double.isFinite(v));
            }
        }
    }

    @Test
    void deltasNormalisationAndPoolingFollowTheirFormulas() {
        double[][] x = {{0}, {1}, {4}, {9}, {16}};
        double[][] d = MfccAudioEncoder.delta(x);
        // t = 2: (1·(9 - 1) + 2·(16 - 0)) / 10 = 4; t = 0 (edges replicated): (1·(1 - 0) + 2·(4 - 0)) / 10 = 0.9
        assertEquals(4.0, d[2][0], 1e-12);
        assertEquals(0.9, d[0][0], 1e-12);
        AudioClip clip = tone(300, 0.5, 16000);
        MfccAudioEncoder plain = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).build();
        MfccAudioEncoder full = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).deltas(2).normalise(true).build();
        assertEquals(39, full.dim());
        float[] noise = new float[8000];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (0.1 * random.nextGaussian());
        }
        double[][] normalised = full.frames(AudioClip.of(noise, 16000));
        double mean = 0;
        for (double[] frame : normalised) {
            mean += frame[0] / normalised.length;
        }
        assertEquals(0, mean, 1e-9);
        MfccAudioEncoder pooled = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).pooled(true).build();
        Features vector = pooled.encode(clip);
        assertEquals(26, vector.dim());
        double[][] frames = plain.frames(clip);
        double expectedMean = 0;
        for (double[] frame : frames) {
            expectedMean += frame[3] / frames.length;
        }
        assertEquals(expectedMean, vector.get(0, 3), 1e-4);
    }

    @Test
    void resamplingIsLoggedOncePerRateOrRefused() {
        MfccAudioEncoder encoder = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).build();
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            Features at8k = encoder.encode(tone(440, 1.0, 8000));
            assertEquals(1 + (16000 - 400) / 160, at8k.length(), "8 kHz input is resampled to 16 kHz first");
            encoder.encode(tone(440, 0.5, 8000));
            encoder.encode(tone(440, 0.5, 16000));
        } finally {
            System.setErr(err);
        }
        String printed = log.toString(StandardCharsets.UTF_8);
        String line = "resampling 8000 Hz clips to 16000 Hz before MFCC analysis";
        assertTrue(printed.contains(line), printed);
        assertEquals(printed.indexOf(line), printed.lastIndexOf(line), "logged once: " + printed);

        MfccConfig strict = MfccConfig.kaldi().toBuilder().resample(false).build();
        assertFalse(strict.resamples());
        AudioFormatException refused = assertThrows(AudioFormatException.class,
                () -> MfccAudioEncoder.builder().config(strict).build().encode(tone(440, 1.0, 8000)));
        assertTrue(refused.getMessage().contains("8000 Hz") && refused.getMessage().contains("16000 Hz"),
                refused.getMessage());
        assertEquals(1 + (16000 - 400) / 160,
                MfccAudioEncoder.builder().config(strict).build().encode(tone(440, 1.0, 16000)).length());
        assertThrows(IllegalArgumentException.class, () -> MfccConfig.kaldi().toBuilder().inputScale(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> MfccConfig.kaldi().toBuilder().inputScale(Double.NaN).build());
    }

    @Test
    void tooShortClipsFailClearly() {
        MfccAudioEncoder encoder = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).build();
        AudioFormatException shortClip = assertThrows(AudioFormatException.class,
                () -> encoder.encode(AudioClip.of(new float[100], 16000)));
        assertTrue(shortClip.getMessage().contains("too short"), shortClip.getMessage());
        assertThrows(AudioFormatException.class, () -> MfccAudioEncoder.builder().build()
                .encode(AudioClip.of(new float[0], 16000)));
        assertThrows(IllegalArgumentException.class, () -> MfccConfig.torchaudio().toBuilder().nFft(100).build());
    }

    @Test
    void resamplerKeepsATonesFrequencyAndRemovesWhatIsAboveTheNewNyquist() {
        AudioClip low = tone(1000, 0.5, 44100).resample(16000);
        assertEquals(8000, low.length());
        float[] s = low.samples();
        double sumSquares = 0;
        for (int i = 1000; i < 7000; i++) {
            sumSquares += s[i] * s[i];
        }
        assertEquals(0.125, sumSquares / 6000, 0.005, "a 1 kHz tone keeps its power (0.5² / 2)");
        float[] high = tone(12_000, 0.5, 44100).resample(16000).samples();
        double leaked = 0;
        for (int i = 1000; i < 7000; i++) {
            leaked += high[i] * high[i];
        }
        assertTrue(leaked / 6000 < 1e-4, "12 kHz is above 8 kHz and must not alias: power " + leaked / 6000);
        assertArrayEquals(new float[] {1, 2}, AudioClip.of(new float[] {1, 2}, 16000).resample(16000).samples());
    }
}
