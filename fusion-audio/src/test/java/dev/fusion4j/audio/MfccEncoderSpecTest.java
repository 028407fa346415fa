package dev.fusion4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.EncoderSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An MFCC encoder's spec holds its whole configuration, and its factory rebuilds it exactly. */
class MfccEncoderSpecTest {
    private static final MfccAudioEncoder.Factory FACTORY = new MfccAudioEncoder.Factory();

    private static AudioClip chirp(int rate) {
        float[] x = new float[rate / 2];
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) rate;
            x[i] = (float) (0.4 * Math.sin(2 * Math.PI * (200 + 1500 * t) * t));
        }
        return AudioClip.of(x, rate);
    }

    /** Kaldi's preset as its documentation lists it, with deltas and pooling. */
    @Test
    void theSpecListsEveryParameterOfTheConfiguration() {
        MfccAudioEncoder encoder = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).deltas(2).pooled(true).build();
        Map<String, String> expected = new HashMap<>();
        expected.putAll(Map.of("sampleRate", "16000", "resample", "true", "inputScale", "32768.0", "frameLength", "400",
                "hop", "160", "nFft", "512", "window", "POVEY", "framing", "SNIP_EDGES", "removeDc", "true",
                "preemphasis", "0.97"));
        expected.putAll(Map.of("power", "true", "filters", "KALDI", "nMels", "23", "fMin", "20.0", "fMax", "8000.0",
                "melScale", "HTK", "slaneyNorm", "false", "compression", "LOG", "topDb", "0.0", "nMfcc", "13"));
        expected.putAll(Map.of("lifter", "22.0", "output", "MFCC", "deltas", "2", "normalise", "false", "pooled", "true"));
        EncoderSpec spec = encoder.spec().orElseThrow();
        assertEquals(MfccAudioEncoder.Factory.TYPE, spec.type());
        assertEquals(expected, spec.settings());
    }

    @Test
    void theFactoryRebuildsTheSameEncoder() {
        MfccConfig custom = MfccConfig.torchaudio().toBuilder().sampleRate(8000).fMax(3999.5).nMels(40).nMfcc(20)
                .inputScale(3.0 / 7).melScale(MelScale.SLANEY).slaneyNorm(true).resample(false).build();
        for (MfccAudioEncoder encoder : new MfccAudioEncoder[] {
                MfccAudioEncoder.builder().build(),
                MfccAudioEncoder.builder().config(MfccConfig.kaldi()).deltas(1).normalise(true).build(),
                MfccAudioEncoder.builder().config(custom).output(MfccAudioEncoder.Output.LOG_MEL).build()}) {
            EncoderSpec spec = encoder.spec().orElseThrow();
            MfccAudioEncoder rebuilt = FACTORY.create(spec);
            assertEquals(spec, rebuilt.spec().orElseThrow());
            AudioClip clip = chirp(encoder.config().sampleRate());
            assertEquals(encoder.encode(clip), rebuilt.encode(clip), spec.toString());
        }
    }

    /** The silent failure of issue 18: 13-wide features from another preset. */
    @Test
    void anotherConfigurationOfTheSameWidthHasAnotherSpec() {
        MfccAudioEncoder kaldi = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).build();
        MfccAudioEncoder unscaled = MfccAudioEncoder.builder()
                .config(MfccConfig.kaldi().toBuilder().inputScale(1).build()).build();
        assertEquals(kaldi.dim(), unscaled.dim());
        assertNotEquals(kaldi.spec(), unscaled.spec());
    }

    @Test
    void invalidSettingsAreRefusedNamingThem() {
        Map<String, String> settings = new HashMap<>(MfccAudioEncoder.builder().build().spec().orElseThrow().settings());
        settings.put("nMfcc", "many");
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> FACTORY.create(EncoderSpec.of("mfcc", settings)));
        assertTrue(notANumber.getMessage().contains("'nMfcc'") && notANumber.getMessage().contains("'many'"),
                notANumber.getMessage());
        settings.put("nMfcc", "500");
        IllegalArgumentException inconsistent = assertThrows(IllegalArgumentException.class,
                () -> FACTORY.create(EncoderSpec.of("mfcc", settings)));
        assertTrue(inconsistent.getMessage().contains("nMfcc ≤ nMels"), inconsistent.getMessage());
        settings.remove("window");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FACTORY.create(EncoderSpec.of("mfcc", settings)))
                .getMessage().contains("no setting 'window'"));
    }

    @Test
    void theFactoryReadsWavFilesAndTheirBytes(@TempDir Path dir) throws Exception {
        byte[] wav = Wavs.wav(1, 1, 8000, 16, Wavs.pcm16((short) 0, (short) 16384, (short) -32768));
        Path file = Files.write(dir.resolve("three.wav"), wav);
        AudioClip expected = AudioClip.of(new float[] {0, 0.5f, -1}, 8000);
        assertEquals(expected, FACTORY.read(wav));
        assertEquals(expected, FACTORY.read(file));
        assertEquals(AudioClip.class, FACTORY.inputType());
        assertThrows(AudioFormatException.class, () -> FACTORY.read(new byte[] {1, 2, 3}));
    }
}
