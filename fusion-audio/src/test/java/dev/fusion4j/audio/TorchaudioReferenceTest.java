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
 * of the reference coefficients' range.
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
    void resamplerEqualsTorchaudioResample() throws IOException {
        JsonObject reference = REFERENCE.getAsJsonObject("resample");
        AudioClip word = clip("seven-22050");
        assertEquals(reference.get("from").getAsInt(), word.sampleRate());
        float[] ours = word.resample(reference.get("to").getAsInt()).samples();
        JsonArray expected = reference.getAsJsonArray("output");
        assertEquals(expected.size(), ours.length);
        double worst = 0;
        for (int i = 0; i < ours.length; i++) {
            worst = Math.max(worst, Math.abs(expected.get(i).getAsDouble() - ours[i]));
        }
        assertTrue(worst < 1e-5, "max |diff| " + worst);
    }
}
