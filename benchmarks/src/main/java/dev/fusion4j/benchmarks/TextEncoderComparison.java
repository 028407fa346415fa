package dev.fusion4j.benchmarks;

import dev.fusion4j.data.Features;
import dev.fusion4j.text.BertTextEncoder;
import dev.fusion4j.text.TextEncoding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@link BertTextEncoder} against langchain4j's {@code AllMiniLmL6V2EmbeddingModel} — the same
 * ONNX model and tokenizer — on the same 1 000 sentences of 5–120 words, in one run. Both get the
 * whole list: ours runs it in model batches of 1, 32 and 128 (sorted by length, padded to the
 * longest of each batch); langchain4j encodes one text per call on a 2-thread executor (the
 * machine's cores) and has no batch size. Both use ONNX Runtime's default intra-op threads. Our encoder truncates at 128 word pieces here, as langchain4j's
 * tokenizer does, so the vectors must be equal: the minimum cosine is reported.
 */
public final class TextEncoderComparison {
    private static final int SENTENCES = 1000;
    private static final int[] BATCHES = {1, 32, 128};
    private static final int MAX_LENGTH = 128;
    /** all-MiniLM-L6-v2: 6 layers of width 384, feed-forward 1536. */
    private static final int LAYERS = 6;
    private static final int WIDTH = 384;
    private static final int FEED_FORWARD = 1536;

    private TextEncoderComparison() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        List<String> sentences = sentences(new Random(7));
        // DJL's OnnxRuntime engine must create the ONNX Runtime environment (with its thread pool)
        // before langchain4j does, or DJL's engine fails to start: load ours first
        BertTextEncoder.builder().build().close();
        double peak = GemmPeak.djlPeak();
        double flops;
        try (BertTextEncoder counter = BertTextEncoder.builder().maxLength(MAX_LENGTH).build()) {
            flops = flops(counter.embedAll(sentences).stream().mapToInt(TextEncoding::tokenCount).toArray());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel(pool);
        StringBuilder table = new StringBuilder();
        table.append("# Text encoder: Fusion4J vs langchain4j (all-MiniLM-L6-v2)\n\n")
                .append("Command: `./mvnw -B -q -ntp -Pcompare -DskipTests verify -pl benchmarks -am`\n\n")
                .append(SENTENCES).append(" sentences of 5–120 words; sentences per second, best of 3 runs; "
                        + "same process, same sentences. GFLOP/s: the matrix products of the model on each "
                        + "sentence's own tokens (padding not counted; ")
                .append(String.format(Locale.ROOT, "%.2f GFLOP for the 1 000 sentences), against the "
                        + "GEMM peak of PyTorch measured in this run, %.1f GFLOP/s (ONNX Runtime runs the model).%n%n",
                        flops / 1e9, peak))
                .append("| Fusion4J model batch | Fusion4J (sent/s) | GFLOP/s | of peak | langchain4j (sent/s) "
                        + "| GFLOP/s | of peak | ratio | min cosine |\n|---|---|---|---|---|---|---|---|---|\n");
        for (int batch : BATCHES) {
            try (BertTextEncoder encoder = BertTextEncoder.builder().maxLength(MAX_LENGTH).batchSize(batch).build()) {
                warmUp(encoder, reference, sentences);
                double ours = 0;
                double theirs = 0;
                List<Features> ourVectors = null;
                List<float[]> theirVectors = null;
                for (int run = 0; run < 3; run++) {
                    long start = System.nanoTime();
                    ourVectors = encoder.encodeAll(sentences);
                    ours = Math.max(ours, SENTENCES / ((System.nanoTime() - start) / 1e9));
                    start = System.nanoTime();
                    theirVectors = encodeTheirs(reference, sentences);
                    theirs = Math.max(theirs, SENTENCES / ((System.nanoTime() - start) / 1e9));
                }
                double minCosine = 1;
                for (int i = 0; i < SENTENCES; i++) {
                    minCosine = Math.min(minCosine, cosine(ourVectors.get(i).toArray(), theirVectors.get(i)));
                }
                double perSentence = flops / SENTENCES;
                String row = String.format(Locale.ROOT, "| %d | %.1f | %s | %.1f | %s | %.2f× | %.6f |%n", batch, ours,
                        GemmPeak.cells(perSentence, ours, peak), theirs,
                        GemmPeak.cells(perSentence, theirs, peak), ours / theirs, minCosine);
                System.out.print(row);
                table.append(row);
            }
        }
        pool.shutdown();
        Files.createDirectories(results);
        Files.writeString(results.resolve("text-encoder.md"), table.toString());
        System.out.println("wrote " + results.resolve("text-encoder.md"));
    }

    /**
     * The matrix-product FLOPs of MiniLM over texts of the given word-piece counts: per layer and
     * token of a sequence of n (the text's pieces, at most {@code MAX_LENGTH - 2}, plus [CLS] and
     * [SEP]), {@code 2 · 4d²} for the query, key, value and output projections, {@code 2 · 2 · d · f}
     * for the feed-forward, and {@code 2 · 2 · n · d} for the scores and the weighted values.
     */
    static double flops(int[] tokenCounts) {
        double total = 0;
        for (int count : tokenCounts) {
            double n = Math.min(count, MAX_LENGTH - 2) + 2;
            total += LAYERS * n * (2.0 * 4 * WIDTH * WIDTH + 2.0 * 2 * WIDTH * FEED_FORWARD + 2.0 * 2 * n * WIDTH);
        }
        return total;
    }

    private static void warmUp(BertTextEncoder encoder, AllMiniLmL6V2EmbeddingModel reference, List<String> sentences) {
        encoder.encodeAll(sentences.subList(0, 128));
        encodeTheirs(reference, sentences.subList(0, 128));
    }

    private static List<float[]> encodeTheirs(AllMiniLmL6V2EmbeddingModel model, List<String> sentences) {
        List<float[]> out = new ArrayList<>();
        model.embedAll(sentences.stream().map(TextSegment::from).toList()).content().forEach(e -> out.add(e.vector()));
        return out;
    }

    static List<String> sentences(Random random) {
        String[] words = ("the a model learns from text images and audio while fusion combines every signal into one "
                + "representation that predicts labels people write sentences about cats dogs music weather markets "
                + "science history sport travel food cooking rivers mountains cities quickly slowly carefully "
                + "tomorrow yesterday because although however multimodal transformer attention embedding").split(" ");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < SENTENCES; i++) {
            int length = 5 + random.nextInt(116);
            StringBuilder sentence = new StringBuilder();
            for (int w = 0; w < length; w++) {
                sentence.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            out.add(sentence.append('.').toString());
        }
        return out;
    }

    private static double cosine(float[] a, float[] b) {
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
