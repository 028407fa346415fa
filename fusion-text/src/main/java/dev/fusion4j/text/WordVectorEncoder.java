package dev.fusion4j.text;

import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Averages pre-trained word vectors (word2vec or GloVe text format, a file the user supplies) over
 * a text's words, optionally weighted by TF-IDF. Unknown words are skipped; a text without any
 * known word gives the zero vector. Vectors are held in one {@code float[]} (no boxed floats).
 * Its {@link #spec()} names the file (absolute path and SHA-256), the cleaner and the fitted TF-IDF
 * weights; {@link Factory} rebuilds it. Immutable and thread-safe.
 */
public final class WordVectorEncoder implements Encoder<String> {
    private static final String CLEANER = "cleaner.";
    private static final String IDF = "idf";

    private final Path file;
    private final String fileSha256;
    private final Map<String, Integer> index;
    private final float[] vectors;
    private final int dim;
    private final TextCleaner cleaner;
    /** The TF-IDF weight of each word, by row; empty without TF-IDF. */
    private final float[] idf;

    private WordVectorEncoder(Path file, String fileSha256, Map<String, Integer> index, float[] vectors, int dim,
                              TextCleaner cleaner, float[] idf) {
        this.file = file;
        this.fileSha256 = fileSha256;
        this.index = index;
        this.vectors = vectors;
        this.dim = dim;
        this.cleaner = cleaner;
        this.idf = idf;
    }

    /**
     * Loads a word2vec text file (a {@code "count dim"} header line, then {@code word v1 … vd}) or a
     * GloVe file (no header). Words are looked up after lower-casing.
     *
     * @throws TextEncodingException naming the line that is malformed
     */
    public static WordVectorEncoder load(Path file) {
        Map<String, Integer> index = new HashMap<>();
        float[] vectors = new float[0];
        int dim = -1;
        int count = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String[] parts = line.strip().split(" ");
                if (line.isBlank() || (lineNumber == 1 && isHeader(parts))) {
                    continue;
                }
                if (dim < 0) {
                    dim = parts.length - 1;
                    if (dim < 1) {
                        throw new TextEncodingException(file + ", line " + lineNumber + ": no vector after the word");
                    }
                }
                if (parts.length != dim + 1) {
                    throw new TextEncodingException(file + ", line " + lineNumber + ": " + (parts.length - 1)
                            + " values, the first vector had " + dim);
                }
                if ((long) (count + 1) * dim > Integer.MAX_VALUE - 8) {
                    throw new TextEncodingException(file + " holds more vectors than one array can");
                }
                if ((count + 1) * dim > vectors.length) {
                    vectors = Arrays.copyOf(vectors, Math.max(1024 * dim, 2 * vectors.length));
                }
                for (int j = 0; j < dim; j++) {
                    float v = parseValue(parts[j + 1], file, lineNumber);
                    vectors[count * dim + j] = v;
                }
                if (index.putIfAbsent(parts[0].toLowerCase(java.util.Locale.ROOT), count) == null) {
                    count++;
                }
            }
        } catch (IOException e) {
            throw new TextEncodingException("cannot read word vectors " + file + ": " + e.getMessage(), e);
        }
        if (count == 0) {
            throw new TextEncodingException(file + " holds no word vectors");
        }
        return new WordVectorEncoder(file.toAbsolutePath().normalize(), EncoderSpec.sha256(file), Map.copyOf(index),
                Arrays.copyOf(vectors, count * dim), dim, TextCleaner.standard().withLowerCase(), new float[0]);
    }

    private static boolean isHeader(String[] parts) {
        return parts.length == 2 && parts[0].matches("\\d+") && parts[1].matches("\\d+");
    }

    private static float parseValue(String text, Path file, int line) {
        try {
            float v = Float.parseFloat(text);
            if (!Float.isFinite(v)) {
                throw new TextEncodingException(file + ", line " + line + ": non-finite value " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new TextEncodingException(file + ", line " + line + ": '" + text + "' is not a number", e);
        }
    }

    /** This encoder with another cleaner (e.g. with stop words). */
    public WordVectorEncoder withCleaner(TextCleaner cleaner) {
        return new WordVectorEncoder(file, fileSha256, index, vectors, dim, Objects.requireNonNull(cleaner, "cleaner"),
                idf);
    }

    /**
     * This encoder weighting words by TF-IDF, with inverse document frequencies fitted on
     * {@code corpus}: {@code idf(w) = ln((1 + N) / (1 + df(w))) + 1} (scikit-learn's smoothed form).
     */
    public WordVectorEncoder withTfIdf(List<String> corpus) {
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (String document : corpus) {
            Set<String> seen = new HashSet<>(words(document));
            seen.forEach(w -> documentFrequency.merge(w, 1, Integer::sum));
        }
        float[] weights = new float[index.size()];
        index.forEach((word, row) -> {
            Integer df = documentFrequency.get(word);
            weights[row] = (float) (Math.log((1.0 + corpus.size()) / (1.0 + (df == null ? 0 : df))) + 1);
        });
        return new WordVectorEncoder(file, fileSha256, index, vectors, dim, cleaner, weights);
    }

    /**
     * The vectors' file (absolute path and SHA-256), the cleaner's settings and, after
     * {@link #withTfIdf}, the weights by word as the weight {@code idf}.
     */
    @Override
    public Optional<EncoderSpec> spec() {
        Map<String, String> settings = new TreeMap<>(cleaner.settings(CLEANER));
        settings.put("file", file.toString());
        settings.put("fileSha256", fileSha256);
        return Optional.of(idf.length == 0 ? EncoderSpec.of(Factory.TYPE, settings)
                : EncoderSpec.of(Factory.TYPE, settings, Map.of(IDF, idf)));
    }

    /** The number of words with a vector. */
    public int vocabularySize() {
        return index.size();
    }

    @Override
    public int dim() {
        return dim;
    }

    /** The (weighted) mean vector of the text's known words, or zeros if it has none. */
    @Override
    public Features encode(String text) {
        double[] sum = new double[dim];
        double total = 0;
        for (String word : words(text)) {
            Integer row = index.get(word);
            if (row == null) {
                continue;
            }
            double weight = idf.length == 0 ? 1 : idf[row];
            for (int j = 0; j < dim; j++) {
                sum[j] += weight * vectors[row * dim + j];
            }
            total += weight;
        }
        float[] out = new float[dim];
        for (int j = 0; j < dim && total > 0; j++) {
            out[j] = (float) (sum[j] / total);
        }
        return Features.vector(out);
    }

    private List<String> words(String text) {
        return cleaner.words(Objects.requireNonNull(text, "text")).stream()
                .map(w -> w.toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /**
     * Rebuilds word-vector encoders from their specs (type {@value #TYPE}): loads the file the spec
     * names and applies its cleaner and TF-IDF weights. A file that changed since gives an encoder
     * whose spec records another SHA-256, which a pipeline refuses. Reads texts as UTF-8 files of at
     * most {@link BertTextEncoder.Factory#MAX_FILE_BYTES}.
     */
    public static final class Factory extends TextFactory {
        /** The {@link EncoderSpec#type()} of word-vector encoders. */
        public static final String TYPE = "word-vectors";

        @Override
        public String type() {
            return TYPE;
        }

        /**
         * @throws IllegalArgumentException if a setting is missing or invalid, or the weights do not
         *     fit the file's vocabulary
         * @throws TextEncodingException if the file cannot be read
         */
        @Override
        public WordVectorEncoder create(EncoderSpec spec) {
            WordVectorEncoder loaded = load(Path.of(spec.setting("file"))).withCleaner(TextCleaner.of(spec, CLEANER));
            Map<String, float[]> weights = spec.weights();
            if (weights.isEmpty()) {
                return loaded;
            }
            float[] idf = weights.get(IDF);
            if (idf == null || idf.length != loaded.index.size()) {
                throw new IllegalArgumentException("the '" + TYPE + "' spec's weight '" + IDF + "' needs "
                        + loaded.index.size() + " values, one per word of " + spec.setting("file") + "; it has "
                        + (idf == null ? "none" : idf.length));
            }
            return new WordVectorEncoder(loaded.file, loaded.fileSha256, loaded.index, loaded.vectors, loaded.dim,
                    loaded.cleaner, idf);
        }
    }
}
