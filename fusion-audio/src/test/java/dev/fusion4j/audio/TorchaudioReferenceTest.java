package dev.fusion4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The presets against torchaudio 0.13.1 (Debian's python3-torchaudio), on signals and reference
 * values made by {@code src/test/resources/reference/make_reference.py}: max |difference| ≤ 1e-3
 * of the reference coefficients' range. {@code torchaudio()} is compared with
 * {@code torchaudio.transforms.MFCC()(waveform)}, {@code kaldi()} with
 * {@code torchaudio.compliance.kaldi.mfcc(waveform * 32768)}, the waveform being the WAV's samples
 * / 32768 as {@code torchaudio.load} returns them.
 */
class TorchaudioReferenceTest {
    private static final JsonObject REFERENCE = load();

    private static JsonObject load() {
        try (InputStream in = TorchaudioReferenceTest.class.getResourceAsStream("/reference/reference.json")) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AudioClip clip(String name) throws IOException {
        try (InputStream in = TorchaudioReferenceTest.class.getResourceAsStream("/reference/" + name + ".wav")) {
            return WavDecoder.decode(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tone", "chirp", "noise", "seven"})
    void torchaudioMfccDefaults(String signal) throws IOException {
        compare(signal, "torchaudio", MfccAudioEncoder.builder().config(MfccConfig.torchaudio()).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tone", "chirp", "noise", "seven"})
    void kaldiMfccDefaults(String signal) throws IOException {
        compare(signal, "kaldi", MfccAudioEncoder.builder().config(MfccConfig.kaldi()).build());
    }

    private static void compare(String signal, String preset, MfccAudioEncoder encoder) throws IOException {
        JsonArray expected = REFERENCE.getAsJsonObject(signal).getAsJsonArray(preset);
        double[][] actual = encoder.frames(clip(signal));
        assertEquals(expected.size(), actual.length, signal + " frames");
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < expected.size(); t++) {
            for (var v : expected.get(t).getAsJsonArray()) {
                min = Math.min(min, v.getAsDouble());
                max = Math.max(max, v.getAsDouble());
            }
        }
        double worst = 0;
        for (int t = 0; t < expected.size(); t++) {
            JsonArray row = expected.get(t).getAsJsonArray();
            assertEquals(row.size(), actual[t].length);
            for (int k = 0; k < row.size(); k++) {
                worst = Math.max(worst, Math.abs(row.get(k).getAsDouble() - actual[t][k]));
            }
        }
        assertTrue(worst <= 1e-3 * (max - min), preset + " on " + signal + ": max |diff| " + worst + ", range "
                + (max - min));
    }

    @Test
    void kaldiPresetWorksOnInt16ScaleAndTheTorchaudioPresetOnUnitScale() throws IOException {
        // c0 of the int16-scale reference sits √23 · ln(32768²) ≈ 99.8 above the same analysis on [-1, 1]
        // wherever no mel energy reaches the log floor: the unit-scale analysis is far from Kaldi's
        MfccConfig unitScale = MfccConfig.kaldi().toBuilder().inputScale(1).build();
        double[][] unit = MfccAudioEncoder.builder().config(unitScale).build().frames(clip("noise"));
        JsonArray expected = REFERENCE.getAsJsonObject("noise").getAsJsonArray("kaldi");
        double shift = Math.sqrt(23) * Math.log(32768.0 * 32768.0);
        for (int t = 0; t < unit.length; t++) {
            assertEquals(shift, expected.get(t).getAsJsonArray().get(0).getAsDouble() - unit[t][0], 1e-2, "frame " + t);
        }
        assertEquals(MfccConfig.INT16_SCALE, MfccConfig.kaldi().inputScale());
        assertEquals(1.0, MfccConfig.torchaudio().inputScale());
    }

    @Test
    void resamplerEqualsTorchaudioResampleAtAnOddRate() throws IOException {
        // 16 kHz ↔ 22 254 Hz reduce to 8 000 ↔ 11 127: a table of over 1 MiB, so the kernel is computed on
        // the fly; the reference is torchaudio's in float64 (its float32 kernel is itself off by 5e-5 here)
        JsonObject reference = REFERENCE.getAsJsonObject("resample_odd");
        int odd = reference.get("rate").getAsInt();
        assertEquals(0, new SincKernel(16_000, odd, Resampler.MAX_TABLE_BYTES).tableBytes());
        assertEquals(0, new SincKernel(odd, 16_000, Resampler.MAX_TABLE_BYTES).tableBytes());
        float[] chirp = java.util.Arrays.copyOf(clip("chirp").samples(), reference.get("samples").getAsInt());
        float[] up = Resampler.resample(chirp, 16_000, odd);
        assertClose(reference.getAsJsonArray("up"), up, 1e-6);
        float[] referenceUp = new float[up.length];
        for (int i = 0; i < up.length; i++) {
            referenceUp[i] = reference.getAsJsonArray("up").get(i).getAsFloat();
        }
        assertClose(reference.getAsJsonArray("down"), Resampler.resample(referenceUp, odd, 16_000), 1e-6);
    }

    private static void assertClose(JsonArray expected, float[] actual, double tolerance) {
        assertEquals(expected.size(), actual.length);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(expected.get(i).getAsDouble() - actual[i]));
        }
        assertTrue(worst < tolerance, "max |diff| " + worst);
    }

    @Test
    void resamplerEqualsTorchaudioResample() throws IOException {
        JsonObject reference = REFERENCE.getAsJsonObject("resample");
        AudioClip word = clip("seven-22050");
        assertEquals(reference.get("from").getAsInt(), word.sampleRate());
        assertClose(reference.getAsJsonArray("output"), word.resample(reference.get("to").getAsInt()).samples(), 1e-5);
    }
}
