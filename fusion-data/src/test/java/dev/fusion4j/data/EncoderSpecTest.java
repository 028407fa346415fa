package dev.fusion4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.FusionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderSpecTest {
    private enum Pooling { MEAN, MAX }

    @Test
    void specsWithTheSameTypeAndSettingsAreEqualWhateverTheirOrder() {
        EncoderSpec spec = EncoderSpec.of("mfcc", Map.of("nMfcc", "13", "deltas", "2"));
        assertEquals(spec, EncoderSpec.of("mfcc", Map.of("deltas", "2", "nMfcc", "13")));
        assertEquals(spec.hashCode(), EncoderSpec.of("mfcc", Map.of("deltas", "2", "nMfcc", "13")).hashCode());
        assertNotEquals(spec, EncoderSpec.of("mfcc", Map.of("nMfcc", "20", "deltas", "2")));
        assertNotEquals(spec, EncoderSpec.of("other", Map.of("nMfcc", "13", "deltas", "2")));
        assertEquals("mfcc{deltas=2, nMfcc=13}", spec.toString(), "settings in name order");
    }

    /**
     * The SHA-256 follows its documented layout: "a", 0, count 2, 2.0f, -0.0f, then "b", 0, count 1,
     * 1.0f, big-endian, whatever order the map gives.
     */
    @Test
    void weightsAddTheirSha256ToTheSettingsAndComparesGoThroughIt() throws Exception {
        byte[] expected = {'a', 0, 0, 0, 0, 2, 0x40, 0, 0, 0, (byte) 0x80, 0, 0, 0,
                'b', 0, 0, 0, 0, 1, 0x3f, (byte) 0x80, 0, 0};
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected));
        EncoderSpec spec = EncoderSpec.of("resnet-image", Map.of("depth", "RESNET18"),
                Map.of("b", new float[] {1}, "a", new float[] {2, -0f}));
        assertEquals(sha, spec.setting(EncoderSpec.WEIGHTS_SHA256));
        assertTrue(spec.hasWeights());
        assertArrayEquals(new float[] {2, -0f}, spec.weights().get("a"));
        spec.weights().get("a")[0] = 7;
        assertArrayEquals(new float[] {2, -0f}, spec.weights().get("a"), "weights are copied out");

        EncoderSpec recorded = spec.withoutWeights();
        assertEquals(spec, recorded, "a model's record equals the spec it came from");
        assertTrue(recorded.hasWeights() && recorded.weights().isEmpty());
        assertEquals(spec, EncoderSpec.of("resnet-image", recorded.settings(), spec.weights()), "weights read back");
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> EncoderSpec.of("resnet-image", recorded.settings(), Map.of("a", new float[] {2, 0f})));
        assertTrue(other.getMessage().contains("but its settings record " + sha), other.getMessage());
        assertNotEquals(spec, EncoderSpec.of("resnet-image", Map.of("depth", "RESNET18"), Map.of("a", new float[] {2})));
    }

    @Test
    void invalidNamesAndValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EncoderSpec.of("Mfcc", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> EncoderSpec.of("", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> EncoderSpec.of("mfcc", Map.of("", "1")));
        IllegalArgumentException sha = assertThrows(IllegalArgumentException.class,
                () -> EncoderSpec.of("mfcc", Map.of(EncoderSpec.WEIGHTS_SHA256, "../weights")));
        assertTrue(sha.getMessage().contains("not 64 lower-case hexadecimal digits"), sha.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EncoderSpec.of("x", Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> EncoderSpec.of("x", Map.of(), Map.of("a/b", new float[1])));
        assertThrows(IllegalArgumentException.class, () -> EncoderSpec.of("x", Map.of(), Map.of("a", new float[0])));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> EncoderSpec.of("x", Map.of(), Map.of("w", new float[] {0, Float.NaN})));
        assertTrue(nan.getMessage().contains("'w' holds the non-finite value NaN at 1"), nan.getMessage());
    }

    @Test
    void typedSettingsNameTheSettingThatIsMissingOrWrong() {
        EncoderSpec spec = EncoderSpec.of("t", Map.of("n", "13", "x", "0.25", "on", "true", "pooling", "MAX",
                "bad", "thirteen"));
        assertEquals(13, spec.integer("n"));
        assertEquals(0.25, spec.real("x"));
        assertTrue(spec.bool("on"));
        assertEquals(Pooling.MAX, spec.constant(Pooling.class, "pooling"));
        assertEquals("the setting 'bad' of the 't' encoder spec is 'thirteen', not an integer",
                assertThrows(IllegalArgumentException.class, () -> spec.integer("bad")).getMessage());
        assertEquals("the setting 'bad' of the 't' encoder spec is 'thirteen', not a number",
                assertThrows(IllegalArgumentException.class, () -> spec.real("bad")).getMessage());
        assertEquals("the setting 'bad' of the 't' encoder spec is 'thirteen', not true or false",
                assertThrows(IllegalArgumentException.class, () -> spec.bool("bad")).getMessage());
        assertEquals("the setting 'bad' of the 't' encoder spec is 'thirteen', not one of [MEAN, MAX]",
                assertThrows(IllegalArgumentException.class, () -> spec.constant(Pooling.class, "bad")).getMessage());
        assertEquals("the 't' encoder spec has no setting 'missing'; it has [bad, n, on, pooling, x]",
                assertThrows(IllegalArgumentException.class, () -> spec.constant(Pooling.class, "missing")).getMessage());
    }

    /** The SHA-256 of "abc" is the FIPS 180-2 test vector. */
    @Test
    void aFilesSha256IsThatOfItsBytes(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("abc"), "abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", EncoderSpec.sha256(file));
        FusionException missing = assertThrows(FusionException.class, () -> EncoderSpec.sha256(dir.resolve("none")));
        assertTrue(missing.getMessage().contains("none"), missing.getMessage());
    }
}
