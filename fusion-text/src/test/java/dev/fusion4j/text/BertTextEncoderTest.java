package dev.fusion4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.CloseRace;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.Head;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertTextEncoderTest {
    private static BertTextEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = BertTextEncoder.builder().build();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * (double) x;
        }
        return Math.sqrt(sum);
    }

    @Test
    void awkwardTextsEncodeToFiniteUnitVectors() {
        String invalidSurrogates = "broken \uD800 pair \uDC00 here";
        String control = "bell\u0007 and null\u0000 and escape\u001B";
        List<String> texts = List.of("", "   \t\n  ", "a".repeat(100_000), invalidSurrogates, control,
                "word ".repeat(20_000));
        List<TextEncoding> out = encoder.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] v = out.get(i).pooled().toArray();
            assertEquals(384, v.length);
            assertEquals(1.0, norm(v), 1e-4, "text " + i);
        }
        assertTrue(out.get(5).truncated());
        assertEquals(20_000, out.get(5).tokenCount());
        assertEquals(254, out.get(5).tokens().length() - 2, "truncated to maxLength 256 with [CLS] and [SEP]");
        assertEquals(2, out.get(0).tokens().length(), "the empty text is [CLS] [SEP]");
    }

    @Test
    void invalidSurrogatesAreReplacedNotDropped() {
        assertEquals("a\uFFFDb", TextCleaner.minimal().clean("a\uD800b"));
        assertEquals("ok 😀", TextCleaner.minimal().clean("ok 😀"));
        assertEquals("tab\tkept", TextCleaner.minimal().clean("tab\tkept\u0000"));
        assertEquals("ﬁ → fi", "ﬁ → " + TextCleaner.standard().clean("ﬁ"));
        assertEquals(List.of("quick", "brown", "fox"), TextCleaner.standard().withLowerCase()
                .withStopWords(TextCleaner.englishStopWords()).words("The quick, brown fox!"));
    }

    @Test
    void windowsAverageLongTextsWeightedByTokens() {
        String sentenceA = "The committee approved the budget for the new library after a long debate. ";
        String sentenceB = "Heavy rain flooded the streets of the coastal town overnight. ";
        String text = sentenceA.repeat(12) + sentenceB.repeat(12);
        try (BertTextEncoder windows = BertTextEncoder.builder().maxLength(64)
                .longText(BertTextEncoder.LongText.WINDOWS).build()) {
            TextEncoding encoding = windows.embedAll(List.of(text)).get(0);
            assertFalse(encoding.truncated());
            assertTrue(encoding.tokenCount() > 200);
            // the window average lies between the two topics
            float[] a = windows.encode(sentenceA).toArray();
            float[] b = windows.encode(sentenceB).toArray();
            float[] v = encoding.pooled().toArray();
            assertTrue(MiniLmReferenceTest.cosine(v, a) > 0.5 && MiniLmReferenceTest.cosine(v, b) > 0.5,
                    MiniLmReferenceTest.cosine(v, a) + " / " + MiniLmReferenceTest.cosine(v, b));
            // all windows' token states are kept: ⌈tokens / 62⌉ windows of ≤ 64 states
            int windowsUsed = (encoding.tokenCount() + 61) / 62;
            assertEquals(encoding.tokenCount() + 2 * windowsUsed, encoding.tokens().length());
        }
    }

    @Test
    void poolingModesFollowTheTokenStates() {
        try (BertTextEncoder cls = BertTextEncoder.builder().pooling(BertTextEncoder.Pooling.CLS).normalize(false)
                .build(); BertTextEncoder max = BertTextEncoder.builder().pooling(BertTextEncoder.Pooling.MAX)
                .normalize(false).build(); BertTextEncoder mean = BertTextEncoder.builder().normalize(false).build()) {
            String text = "pooling picks different summaries";
            Features tokens = cls.embedAll(List.of(text)).get(0).tokens();
            assertArrayEquals(tokens.row(0), cls.encode(text).toArray(), 1e-6f);
            float[] expectedMax = new float[384];
            float[] expectedMean = new float[384];
            java.util.Arrays.fill(expectedMax, Float.NEGATIVE_INFINITY);
            for (int t = 0; t < tokens.length(); t++) {
                for (int j = 0; j < 384; j++) {
                    expectedMax[j] = Math.max(expectedMax[j], tokens.get(t, j));
                    expectedMean[j] += tokens.get(t, j) / tokens.length();
                }
            }
            assertArrayEquals(expectedMax, max.encode(text).toArray(), 1e-6f);
            assertArrayEquals(expectedMean, mean.encode(text).toArray(), 1e-5f);
        }
    }

    @Test
    void tokenOutputGivesSequences() {
        try (BertTextEncoder tokens = BertTextEncoder.builder().output(BertTextEncoder.Output.TOKENS).build()) {
            Features f = tokens.encode("three word pieces");
            assertTrue(f.isSequence());
            assertEquals(384, f.dim());
            assertEquals(5, f.length(), "[CLS] three word pieces [SEP]");
        }
    }

    @Test
    void localDirectoriesLoadAndBadOnesFailClearly(@TempDir Path dir) throws IOException {
        Path embedded = EmbeddedMiniLm.directory();
        Path local = Files.createDirectories(dir.resolve("minilm"));
        Files.createSymbolicLink(local.resolve("encoder.onnx"), embedded.resolve("model.onnx"));
        Files.copy(embedded.resolve("tokenizer.json"), local.resolve("tokenizer.json"));
        try (BertTextEncoder fromDirectory = BertTextEncoder.builder().localModel(local).build();
             BertTextEncoder rebuilt = new BertTextEncoder.Factory().create(fromDirectory.spec().orElseThrow())) {
            assertArrayEquals(encoder.encode("same model").toArray(), fromDirectory.encode("same model").toArray(), 1e-6f);
            EncoderSpec spec = fromDirectory.spec().orElseThrow();
            assertEquals("local", spec.setting("model"));
            assertEquals(local.toAbsolutePath().toString(), spec.setting("directory"));
            assertEquals(BertTextEncoderSpecTest.MODEL_SHA256, spec.setting("modelSha256"), "the linked file's");
            assertEquals(BertTextEncoderSpecTest.TOKENIZER_SHA256, spec.setting("tokenizerSha256"));
            assertEquals(spec, rebuilt.spec().orElseThrow());
        }
        Path noTokenizer = Files.createDirectories(dir.resolve("no-tokenizer"));
        TextEncodingException missing = assertThrows(TextEncodingException.class,
                () -> BertTextEncoder.builder().localModel(noTokenizer).build());
        assertTrue(missing.getMessage().contains("tokenizer.json"), missing.getMessage());
        Path garbage = Files.createDirectories(dir.resolve("garbage"));
        Files.writeString(garbage.resolve("model.onnx"), "not a model");
        Files.copy(embedded.resolve("tokenizer.json"), garbage.resolve("tokenizer.json"));
        TextEncodingException bad = assertThrows(TextEncodingException.class,
                () -> BertTextEncoder.builder().localModel(garbage).build());
        assertTrue(bad.getMessage().contains("model.onnx"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BertTextEncoder.builder().maxLength(600).build());
        TextEncodingException offline = assertThrows(TextEncodingException.class, () -> BertTextEncoder.builder()
                .modelUrl("djl://ai.djl.huggingface.onnxruntime/sentence-transformers/all-MiniLM-L6-v2").build());
        assertTrue(offline.getMessage().contains("network"), offline.getMessage());
    }

    @Test
    void closedEncoderRefusesWorkAndEncoderSetsTheModelWidth() {
        BertTextEncoder closing = BertTextEncoder.builder().build();
        FusionSpec spec = FusionSpec.builder().modality(Modality.TEXT, closing).fusion(Fusion.early())
                .head(Head.classification("a", "b")).build();
        assertEquals(384, (int) spec.inputWidths().get(Modality.TEXT));
        assertEquals(Map.of(Modality.TEXT, "BertTextEncoder(384)"), spec.encoders(), "the encoder is recorded");
        closing.close();
        closing.close();
        assertThrows(IllegalStateException.class, () -> closing.encode("too late"));
        assertThrows(IllegalArgumentException.class, () -> encoder.encodeAll(java.util.Arrays.asList("a", null)));
    }

    @Test
    void closingWhileEightThreadsEncodeWaitsForThemAndNeverCrashes() throws Exception {
        for (int round = 0; round < 3; round++) {
            BertTextEncoder closing = BertTextEncoder.builder().build();
            closeWhileEightThreadsEncode(closing, () -> closing.encodeAll(List.of("a cat sat on the mat",
                    "a dog ran", "the quick brown fox jumps over the lazy dog")));
        }
    }

    @Test
    void anInterruptedCallLetsItsRunningBatchesFinishBeforeItReturnsSoCloseIsSafe() {
        List<String> texts = java.util.Collections.nCopies(64, "the quick brown fox jumps over the lazy dog");
        for (int round = 0; round < 2; round++) {
            BertTextEncoder closing = BertTextEncoder.builder().threads(2).batchSize(4).build();
            Thread.currentThread().interrupt();
            TextEncodingException e = assertThrows(TextEncodingException.class, () -> closing.encodeAll(texts));
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
            closing.close();
        }
    }

    /** Eight threads encode while the main thread closes {@code encoder}. */
    private static void closeWhileEightThreadsEncode(AutoCloseable encoder, Runnable encode) throws Exception {
        CloseRace.closeWhileThreadsCall(encoder, encode, 8, "this encoder is closed");
    }
}
