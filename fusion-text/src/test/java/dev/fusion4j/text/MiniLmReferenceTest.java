package dev.fusion4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Features;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded MiniLM against its reference implementation, langchain4j's, on the same sentences. */
class MiniLmReferenceTest {
    private static final List<String> SENTENCES = List.of(
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The girl is carrying a baby.",
            "A man is riding a horse.",
            "A woman is playing violin.",
            "Two men pushed carts through the woods.",
            "A monkey is playing drums.",
            "Multimodal fusion combines text, images and audio into one model that learns from all of them.",
            "Héllo wörld — ünïcödé, CJK 漢字 and emoji 🎉 are tokenized too!",
            "x",
            ("Long sentences with many word pieces exercise the padding of a batch, because the shortest "
                    + "and the longest sentence of a batch share one tensor and only the attention mask tells "
                    + "them apart; the pooled vector must not change when a sentence is padded to the length "
                    + "of a much longer neighbour in the same batch of sentences."));

    private static BertTextEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = BertTextEncoder.builder().batchSize(4).build();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void sentenceVectorsEqualLangchain4jsAllMiniLm() {
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        List<TextEncoding> ours = encoder.embedAll(SENTENCES);
        for (int i = 0; i < SENTENCES.size(); i++) {
            assertTrue(ours.get(i).tokenCount() < 126, "test sentence too long: " + ours.get(i).tokenCount());
            float[] expected = reference.embed(SENTENCES.get(i)).content().vector();
            float[] actual = ours.get(i).pooled().toArray();
            assertEquals(384, actual.length);
            assertTrue(cosine(expected, actual) >= 0.99999, "cosine " + cosine(expected, actual) + " for '"
                    + SENTENCES.get(i) + "'");
        }
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedSentences() {
        List<Features> v = encoder.encodeAll(List.of(
                "A man is eating food.", "A man is eating a piece of bread.", "A monkey is playing drums.",
                "The cat sits on the mat.", "A cat is sitting on a rug.", "Stock markets fell sharply today."));
        assertTrue(cosine(v.get(0).toArray(), v.get(1).toArray()) > cosine(v.get(0).toArray(), v.get(2).toArray()) + 0.3);
        assertTrue(cosine(v.get(3).toArray(), v.get(4).toArray()) > cosine(v.get(3).toArray(), v.get(5).toArray()) + 0.3);
    }

    @Test
    void batchingAndPaddingDoNotChangeVectors() {
        BertTextEncoder one;
        List<Features> batched = encoder.encodeAll(SENTENCES);
        try (BertTextEncoder single = BertTextEncoder.builder().batchSize(1).build()) {
            one = single;
            List<Features> alone = one.encodeAll(SENTENCES);
            for (int i = 0; i < SENTENCES.size(); i++) {
                assertTrue(cosine(batched.get(i).toArray(), alone.get(i).toArray()) >= 0.999999, SENTENCES.get(i));
            }
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            na += a[i] * (double) a[i];
            nb += b[i] * (double) b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
