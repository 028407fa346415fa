package dev.fusion4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.EncoderFactory;
import dev.fusion4j.data.EncoderSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A word-vector encoder's spec names its file, cleaner and TF-IDF weights, and rebuilds it exactly. */
class WordVectorEncoderSpecTest {
    private static final List<String> TEXTS = List.of("the cat sat", "The DOG and the cat", "zebra", "sat, sat, dog");

    private static Path glove(Path dir, String extra) throws IOException {
        return Files.writeString(dir.resolve("glove.txt"), "cat 1 0 0\ndog 0 1 0\nthe 0 0 1\nsat 2 2 2\n" + extra);
    }

    @SuppressWarnings("unchecked")
    private static WordVectorEncoder rebuilt(EncoderSpec spec) {
        return (WordVectorEncoder) ((EncoderFactory<String>) EncoderFactory.find(spec.type()).orElseThrow()).create(spec);
    }

    @Test
    void theSpecRebuildsTheSameEncoderThroughTheServiceLoader(@TempDir Path dir) throws Exception {
        Path file = glove(dir, "");
        WordVectorEncoder encoder = WordVectorEncoder.load(file)
                .withCleaner(TextCleaner.standard().withLowerCase().withStopWords(Set.of("and")))
                .withTfIdf(List.of("the cat", "the dog", "the cat sat"));
        EncoderSpec spec = encoder.spec().orElseThrow();

        assertEquals("word-vectors", spec.type());
        assertEquals(file.toAbsolutePath().toString(), spec.setting("file"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertEquals(sha, spec.setting("fileSha256"));
        assertEquals("and", spec.setting("cleaner.stopWords"));
        // N = 3 documents: idf = ln(4 / (1 + df)) + 1 per word of the file, in file order
        float[] idf = {(float) (Math.log(4 / 3.0) + 1), (float) (Math.log(2) + 1), 1f, (float) (Math.log(2) + 1)};
        assertArrayEquals(idf, spec.weights().get("idf"), 1e-7f);

        WordVectorEncoder copy = rebuilt(spec);
        assertEquals(spec, copy.spec().orElseThrow());
        for (String text : TEXTS) {
            assertArrayEquals(encoder.encode(text).toArray(), copy.encode(text).toArray(), text);
        }
        WordVectorEncoder plain = WordVectorEncoder.load(file);
        assertTrue(plain.spec().orElseThrow().weights().isEmpty(), "no TF-IDF, no weights");
        assertArrayEquals(plain.encode("the cat").toArray(), rebuilt(plain.spec().orElseThrow()).encode("the cat").toArray());
    }

    @Test
    void aChangedFileOrWeightsThatDoNotFitAreTold(@TempDir Path dir) throws IOException {
        Path file = glove(dir, "");
        EncoderSpec spec = WordVectorEncoder.load(file).withTfIdf(List.of("cat")).spec().orElseThrow();
        glove(dir, "bird 1 1 0\n");
        IllegalArgumentException misfit = assertThrows(IllegalArgumentException.class, () -> rebuilt(spec));
        assertTrue(misfit.getMessage().contains("needs 5 values, one per word of " + file.toAbsolutePath()),
                misfit.getMessage());
        EncoderSpec plain = WordVectorEncoder.load(file).spec().orElseThrow();
        Files.writeString(file, "cat 9 9 9\n");
        assertNotEquals(plain, rebuilt(plain).spec().orElseThrow(), "another file content, another SHA-256");

        Files.delete(file);
        assertThrows(TextEncodingException.class, () -> rebuilt(plain));
        assertThrows(IllegalArgumentException.class, () -> rebuilt(EncoderSpec.of("word-vectors", Map.of())));
    }

    @Test
    void theFactoryReadsUtf8Files(@TempDir Path dir) throws IOException {
        EncoderFactory<?> factory = EncoderFactory.find("word-vectors").orElseThrow();
        assertEquals("a café", factory.read(Files.writeString(dir.resolve("t.txt"), "a café")));
        assertThrows(TextEncodingException.class, () -> factory.read(new byte[] {(byte) 0xC3, 0x28}));
    }
}
