package dev.fusion4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordVectorEncoderTest {

    private static Path glove(Path dir) throws IOException {
        return Files.writeString(dir.resolve("glove.txt"), "cat 1 0 0\ndog 0 1 0\nthe 0 0 1\nsat 2 2 2\n");
    }

    @Test
    void averagesKnownWordsAndSkipsUnknownOnes(@TempDir Path dir) throws IOException {
        WordVectorEncoder encoder = WordVectorEncoder.load(glove(dir));
        assertEquals(3, encoder.dim());
        assertEquals(4, encoder.vocabularySize());
        // every occurrence counts: (cat + dog + 2 the) / 4; "zebra" is unknown
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.5f}, encoder.encode("The CAT, the zebra... DOG?")
                .toArray(), 1e-6f);
        assertArrayEquals(new float[3], encoder.encode("zebra unicorn").toArray());
        assertArrayEquals(new float[] {1, 0, 0}, encoder.withCleaner(TextCleaner.standard().withLowerCase()
                .withStopWords(TextCleaner.englishStopWords())).encode("the cat").toArray(), 1e-6f);
    }

    @Test
    void word2vecHeaderIsRecognised(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("w2v.txt"), "2 2\nup 1 2\ndown -1 -2\n");
        WordVectorEncoder encoder = WordVectorEncoder.load(file);
        assertEquals(2, encoder.vocabularySize());
        assertArrayEquals(new float[] {0, 0}, encoder.encode("up down").toArray(), 1e-6f);
    }

    @Test
    void tfIdfWeightsRareWordsMore(@TempDir Path dir) throws IOException {
        WordVectorEncoder encoder = WordVectorEncoder.load(glove(dir))
                .withTfIdf(List.of("the cat", "the dog", "the cat sat"));
        // N = 3: idf(the) = ln(4/4) + 1 = 1, idf(dog) = ln(4/2) + 1
        double idfDog = Math.log(2) + 1;
        float[] v = encoder.encode("the dog").toArray();
        assertArrayEquals(new float[] {0, (float) (idfDog / (1 + idfDog)), (float) (1 / (1 + idfDog))}, v, 1e-6f);
    }

    @Test
    void malformedFilesAreRejectedNamingTheLine(@TempDir Path dir) throws IOException {
        Path ragged = Files.writeString(dir.resolve("ragged.txt"), "a 1 2\nb 1\n");
        TextEncodingException e = assertThrows(TextEncodingException.class, () -> WordVectorEncoder.load(ragged));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Path nan = Files.writeString(dir.resolve("nan.txt"), "a 1 NaN\n");
        assertThrows(TextEncodingException.class, () -> WordVectorEncoder.load(nan));
        Path text = Files.writeString(dir.resolve("text.txt"), "a one two\n");
        assertTrue(assertThrows(TextEncodingException.class, () -> WordVectorEncoder.load(text)).getMessage()
                .contains("'one' is not a number"));
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertThrows(TextEncodingException.class, () -> WordVectorEncoder.load(empty));
        assertThrows(TextEncodingException.class, () -> WordVectorEncoder.load(dir.resolve("missing.txt")));
    }
}
