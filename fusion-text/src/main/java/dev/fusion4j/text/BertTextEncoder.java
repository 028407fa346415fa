package dev.fusion4j.text;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.fusion4j.CloseGuard;
import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A BERT-family text encoder: text → word pieces → transformer → token states {@code [T, d]} and a
 * pooled sentence vector. The default is all-MiniLM-L6-v2 (384-d), shipped inside a Maven Central
 * jar, run on DJL's OnnxRuntime engine, tokenized by DJL's HuggingFace tokenizers: no network.
 *
 * <pre>{@code
 * try (BertTextEncoder encoder = BertTextEncoder.builder().build()) {
 *     List<Features> vectors = encoder.encodeAll(List.of("a cat sat", "a dog ran"));
 * }
 * }</pre>
 *
 * <p>Batches are padded to their longest text only, after sorting texts by length, so short texts
 * do not pay for long ones; a batch holds at most {@code batchSize} texts and
 * {@code maxTokensPerBatch} padded word pieces. Texts longer than {@code maxLength} word pieces are truncated, or with
 * {@link LongText#WINDOWS} split into windows whose vectors are averaged weighted by their token
 * counts. Batches run side by side on {@code threads} workers. Its {@link #spec()} names the model
 * (the embedded one, a local directory with the SHA-256 of its model file and tokenizer, or a URL)
 * and every setting that changes the vectors; {@link Factory} rebuilds it. Thread-safe: share one encoder;
 * {@link #close()} waits for the calls in flight, then frees the model and the workers; calls after
 * it throw {@link IllegalStateException}.
 */
public final class BertTextEncoder implements Encoder<String>, AutoCloseable {
    /** How token states become one vector. */
    public enum Pooling { MEAN, CLS, MAX }

    /** What to do with texts longer than the model's maximum length. */
    public enum LongText { TRUNCATE, WINDOWS }

    /** What {@link #encode} returns: the pooled vector or the token states. */
    public enum Output { POOLED, TOKENS }

    private final ZooModel<NDList, NDList> model;
    private final HuggingFaceTokenizer tokenizer;
    private final long cls;
    private final long sep;
    private final Builder settings;
    private final EncoderSpec spec;
    private final int dim;
    private final ExecutorService workers;
    private final CloseGuard guard = new CloseGuard("this encoder");

    private BertTextEncoder(Builder settings, Path directory) {
        this.settings = settings.copy();
        ZooModel<NDList, NDList> downloaded = settings.url == null ? null : download(settings.url);
        if (downloaded != null) {
            directory = downloaded.getModelPath();
        }
        this.tokenizer = tokenizer(directory);
        long[] specials = tokenizer.encode("", true, false).getIds();
        if (specials.length != 2) {
            tokenizer.close();
            throw new TextEncodingException("the tokenizer in " + directory + " does not wrap texts in two special tokens "
                    + "([CLS] … [SEP]); is it a BERT-family tokenizer?");
        }
        this.cls = specials[0];
        this.sep = specials[1];
        this.model = downloaded != null ? downloaded : load(directory);
        try {
            this.spec = EncoderSpec.of(Factory.TYPE, this.settings.spec(directory));
        } catch (RuntimeException e) {
            model.close();
            tokenizer.close();
            throw e;
        }
        this.dim = run(List.of(new long[] {cls, sep})).get(0).length / 2;
        this.workers = settings.threads == 1 ? null : Executors.newFixedThreadPool(settings.threads, runnable -> {
            Thread thread = new Thread(runnable, "fusion4j-text-encoder");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int dim() {
        return dim;
    }

    /** What rebuilds this encoder through {@link Factory}: its model and the settings that change its output. */
    @Override
    public Optional<EncoderSpec> spec() {
        return Optional.of(spec);
    }

    @Override
    public Features encode(String text) {
        return encodeAll(List.of(text)).get(0);
    }

    @Override
    public List<Features> encodeAll(List<String> texts) {
        List<Features> out = new ArrayList<>(texts.size());
        for (TextEncoding encoding : embedAll(texts)) {
            out.add(settings.output == Output.POOLED ? encoding.pooled() : encoding.tokens());
        }
        return out;
    }

    /** Pooled vectors and token states of every text. */
    public List<TextEncoding> embedAll(List<String> texts) {
        return guard.call(() -> embed(texts));
    }

    private List<TextEncoding> embed(List<String> texts) {
        List<Window> windows = new ArrayList<>();
        int[] tokenCounts = new int[texts.size()];
        boolean[] truncated = new boolean[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("text #" + i + " is null");
            }
            long[] ids = tokenizer.encode(settings.cleaner.clean(text), false, false).getIds();
            tokenCounts[i] = ids.length;
            int room = settings.maxLength - 2;
            truncated[i] = ids.length > room && settings.longText == LongText.TRUNCATE;
            int windowsOfText = settings.longText == LongText.WINDOWS ? Math.max(1, (ids.length + room - 1) / room) : 1;
            for (int w = 0; w < windowsOfText; w++) {
                int from = w * room;
                int to = Math.min(ids.length, from + room);
                windows.add(new Window(i, wrap(ids, from, Math.max(from, to)), Math.max(1, to - from)));
            }
        }
        float[][] states = new float[windows.size()][];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> windows.get(i).ids().length));
        List<Future<?>> running = new ArrayList<>();
        AtomicBoolean abandoned = new AtomicBoolean();
        for (List<Integer> batch : batches(order, windows)) {
            Runnable task = () -> {
                if (abandoned.get()) {
                    return;
                }
                List<float[]> out = run(batch.stream().map(i -> windows.get(i).ids()).toList());
                for (int k = 0; k < batch.size(); k++) {
                    states[batch.get(k)] = out.get(k);
                }
            };
            if (workers == null) {
                task.run();
            } else {
                running.add(workers.submit(task));
            }
        }
        awaitAll(running, abandoned);
        return combine(texts.size(), windows, states, tokenCounts, truncated);
    }

    /**
     * Consecutive runs of the length-sorted windows, each at most {@code batchSize} windows and at
     * most {@code maxTokensPerBatch} padded tokens (so long texts form smaller batches).
     */
    private List<List<Integer>> batches(List<Integer> sorted, List<Window> windows) {
        List<List<Integer>> batches = new ArrayList<>();
        int start = 0;
        while (start < sorted.size()) {
            int end = start + 1;
            while (end < sorted.size() && end - start < settings.batchSize
                    && (long) (end - start + 1) * windows.get(sorted.get(end)).ids().length <= settings.maxTokensPerBatch) {
                end++;
            }
            batches.add(sorted.subList(start, end));
            start = end;
        }
        return batches;
    }

    /**
     * Waits for every batch, even after an interrupt or a failure (when the batches not yet started
     * are {@code abandoned}): none may still run on the model once this call has returned.
     */
    private static void awaitAll(List<Future<?>> running, AtomicBoolean abandoned) {
        boolean interrupted = false;
        Throwable failure = null;
        for (Future<?> future : running) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    abandoned.set(true);
                } catch (ExecutionException e) {
                    abandoned.set(true);
                    failure = failure == null ? e.getCause() : failure;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new TextEncodingException("interrupted while encoding", failure);
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new TextEncodingException("encoding failed: " + failure, failure);
        }
    }

    private List<TextEncoding> combine(int count, List<Window> windows, float[][] states, int[] tokenCounts,
                                       boolean[] truncated) {
        List<TextEncoding> out = new ArrayList<>(count);
        int w = 0;
        for (int text = 0; text < count; text++) {
            double[] pooled = new double[dim];
            double weights = 0;
            List<float[]> tokenRows = new ArrayList<>();
            while (w < windows.size() && windows.get(w).text() == text) {
                float[] s = states[w];
                int steps = s.length / dim;
                float[] vector = pool(s, steps);
                double weight = windows.get(w).weight();
                for (int j = 0; j < dim; j++) {
                    pooled[j] += weight * vector[j];
                }
                weights += weight;
                for (int t = 0; t < steps; t++) {
                    float[] row = new float[dim];
                    System.arraycopy(s, t * dim, row, 0, dim);
                    tokenRows.add(row);
                }
                w++;
            }
            float[] vector = new float[dim];
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                vector[j] = (float) (pooled[j] / weights);
                norm += vector[j] * (double) vector[j];
            }
            if (settings.normalize && norm > 0) {
                for (int j = 0; j < dim; j++) {
                    vector[j] = (float) (vector[j] / Math.sqrt(norm));
                }
            }
            out.add(new TextEncoding(Features.vector(vector), Features.sequence(tokenRows.toArray(new float[0][])),
                    tokenCounts[text], truncated[text]));
        }
        return out;
    }

    private float[] pool(float[] states, int steps) {
        float[] out = new float[dim];
        switch (settings.pooling) {
            case CLS -> System.arraycopy(states, 0, out, 0, dim);
            case MEAN -> {
                for (int t = 0; t < steps; t++) {
                    for (int j = 0; j < dim; j++) {
                        out[j] += states[t * dim + j];
                    }
                }
                for (int j = 0; j < dim; j++) {
                    out[j] /= steps;
                }
            }
            case MAX -> {
                java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
                for (int t = 0; t < steps; t++) {
                    for (int j = 0; j < dim; j++) {
                        out[j] = Math.max(out[j], states[t * dim + j]);
                    }
                }
            }
        }
        return out;
    }

    /** Runs one padded batch; returns each sequence's states {@code [T_i * d]} without padding. */
    private List<float[]> run(List<long[]> sequences) {
        int batch = sequences.size();
        int longest = sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
        long[] ids = new long[batch * longest];
        long[] mask = new long[batch * longest];
        for (int b = 0; b < batch; b++) {
            long[] s = sequences.get(b);
            System.arraycopy(s, 0, ids, b * longest, s.length);
            java.util.Arrays.fill(mask, b * longest, b * longest + s.length, 1L);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            Shape shape = new Shape(batch, longest);
            NDArray inputIds = manager.create(ids, shape);
            inputIds.setName("input_ids");
            NDArray attention = manager.create(mask, shape);
            attention.setName("attention_mask");
            NDArray types = manager.zeros(shape, ai.djl.ndarray.types.DataType.INT64);
            types.setName("token_type_ids");
            NDList output = model.getBlock().forward(new ParameterStore(manager, false),
                    new NDList(inputIds, attention, types), false);
            NDArray hidden = lastHiddenState(output);
            int width = (int) hidden.getShape().get(2);
            float[] all = hidden.toFloatArray();
            List<float[]> out = new ArrayList<>(batch);
            for (int b = 0; b < batch; b++) {
                int steps = sequences.get(b).length;
                float[] s = new float[steps * width];
                System.arraycopy(all, b * longest * width, s, 0, steps * width);
                out.add(s);
            }
            return out;
        }
    }

    private static NDArray lastHiddenState(NDList output) {
        NDArray named = output.get("last_hidden_state");
        if (named != null) {
            return named;
        }
        return output.stream().filter(a -> a.getShape().dimension() == 3).findFirst().orElseThrow(
                () -> new TextEncodingException("the model returned no [B, T, d] token states, only " + output));
    }

    private long[] wrap(long[] ids, int from, int to) {
        long[] out = new long[to - from + 2];
        out[0] = cls;
        System.arraycopy(ids, from, out, 1, to - from);
        out[out.length - 1] = sep;
        return out;
    }

    private record Window(int text, long[] ids, int weight) {
    }

    private ZooModel<NDList, NDList> load(Path directory) {
        Path file = modelFile(directory);
        String name = file.getFileName().toString();
        String engine = name.endsWith(".onnx") ? "OnnxRuntime" : "PyTorch";
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(directory)
                .optModelName(name.substring(0, name.lastIndexOf('.')))
                .optEngine(engine)
                // with several workers, each batch runs on one thread and batches run side by side
                .optOption("intraOpNumThreads", settings.threads == 1 ? "0" : "1")
                .optOption("interOpNumThreads", "1")
                .build();
        try {
            return criteria.loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            tokenizer.close();
            throw new TextEncodingException("cannot load the text model " + file + " on " + engine + ": "
                    + e.getMessage(), e);
        }
    }

    /** A model from a DJL model-zoo URL (needs a network, or DJL's cache). */
    private static ZooModel<NDList, NDList> download(String url) {
        try {
            return Criteria.builder().setTypes(NDList.class, NDList.class).optModelUrls(url).build().loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new TextEncodingException("cannot load the text model " + url + " (model-zoo URLs need a network "
                    + "unless DJL has it cached; offline mode is " + System.getProperty("ai.djl.offline", "off") + "): "
                    + e.getMessage(), e);
        }
    }

    private static Path modelFile(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> models = files.filter(p -> p.toString().endsWith(".onnx") || p.toString().endsWith(".pt"))
                    .sorted().toList();
            if (models.size() != 1) {
                throw new TextEncodingException(directory + " must hold exactly one model file (.onnx or .pt), found "
                        + models);
            }
            return models.get(0);
        } catch (IOException e) {
            throw new TextEncodingException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static HuggingFaceTokenizer tokenizer(Path directory) {
        Path file = directory.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new TextEncodingException(directory + " has no tokenizer.json");
        }
        try {
            return HuggingFaceTokenizer.newInstance(file, Map.of("padding", "false", "truncation", "false",
                    "addSpecialTokens", "false"));
        } catch (IOException | RuntimeException e) {
            throw new TextEncodingException("cannot read the tokenizer " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the calls in flight, then frees the model, the tokenizer and the workers; closing
     * twice is harmless.
     */
    @Override
    public void close() {
        guard.close(() -> {
            if (workers != null) {
                workers.shutdownNow();
            }
            model.close();
            tokenizer.close();
        });
    }

    /**
     * Rebuilds BERT text encoders from their specs (type {@value #TYPE}) and reads texts from UTF-8
     * files of at most {@link #MAX_FILE_BYTES}.
     */
    public static final class Factory extends TextFactory {
        /** The {@link EncoderSpec#type()} of BERT text encoders. */
        public static final String TYPE = "bert-text";
        /** The largest text file read: 16 MiB. */
        public static final long MAX_FILE_BYTES = 16L << 20;

        @Override
        public String type() {
            return TYPE;
        }

        /**
         * @throws IllegalArgumentException if a setting is missing or invalid
         * @throws TextEncodingException if the model cannot be loaded
         */
        @Override
        public BertTextEncoder create(EncoderSpec spec) {
            return builder().fromSpec(spec).build();
        }
    }

    /** Settings; the defaults reproduce sentence-transformers' all-MiniLM-L6-v2. */
    public static final class Builder {
        private Path directory;
        private String url;
        private Pooling pooling = Pooling.MEAN;
        private boolean normalize = true;
        private int maxLength = 256;
        private LongText longText = LongText.TRUNCATE;
        private int batchSize = 32;
        private Output output = Output.POOLED;
        private TextCleaner cleaner = TextCleaner.standard();
        private int threads = Runtime.getRuntime().availableProcessors();
        private int maxTokensPerBatch = 1024;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.directory = directory;
            b.url = url;
            b.pooling = pooling;
            b.normalize = normalize;
            b.maxLength = maxLength;
            b.longText = longText;
            b.batchSize = batchSize;
            b.output = output;
            b.cleaner = cleaner;
            b.threads = threads;
            b.maxTokensPerBatch = maxTokensPerBatch;
            return b;
        }

        /**
         * The settings that decide the output, for the spec: the model (its SHA-256 from
         * {@code directory}, where it was loaded from, unless it is the embedded one or a URL's),
         * pooling, normalisation, lengths, output and cleaner. Threads and batch sizes are left out.
         */
        private Map<String, String> spec(Path directory) {
            Map<String, String> spec = new LinkedHashMap<>();
            if (url != null) {
                spec.put("model", "url");
                spec.put("url", url);
            } else if (this.directory == null) {
                spec.put("model", EmbeddedMiniLm.NAME);
                spec.put("modelSha256", EmbeddedMiniLm.MODEL_SHA256);
                spec.put("tokenizerSha256", EmbeddedMiniLm.TOKENIZER_SHA256);
            } else {
                spec.put("model", "local");
                spec.put("directory", directory.toAbsolutePath().toString());
                spec.put("modelSha256", EncoderSpec.sha256(modelFile(directory)));
                spec.put("tokenizerSha256", EncoderSpec.sha256(directory.resolve("tokenizer.json")));
            }
            spec.put("pooling", pooling.name());
            spec.put("normalize", Boolean.toString(normalize));
            spec.put("maxLength", Integer.toString(maxLength));
            spec.put("longText", longText.name());
            spec.put("output", output.name());
            spec.putAll(cleaner.settings("cleaner."));
            return spec;
        }

        /** The settings of a spec ({@link #spec(Path)}). */
        private Builder fromSpec(EncoderSpec spec) {
            String model = spec.setting("model");
            switch (model) {
                case EmbeddedMiniLm.NAME -> miniLm();
                case "local" -> localModel(Path.of(spec.setting("directory")));
                case "url" -> modelUrl(spec.setting("url"));
                default -> throw new IllegalArgumentException("model '" + model + "' is not one of "
                        + EmbeddedMiniLm.NAME + ", local, url");
            }
            pooling(spec.constant(Pooling.class, "pooling"));
            normalize(spec.bool("normalize"));
            maxLength(spec.integer("maxLength"));
            longText(spec.constant(LongText.class, "longText"));
            output(spec.constant(Output.class, "output"));
            return cleaner(TextCleaner.of(spec, "cleaner."));
        }

        /** The embedded all-MiniLM-L6-v2 (the default). */
        public Builder miniLm() {
            this.directory = null;
            this.url = null;
            return this;
        }

        /**
         * A model from a DJL model-zoo URL, e.g.
         * {@code djl://ai.djl.huggingface.onnxruntime/sentence-transformers/all-MiniLM-L6-v2}; it
         * must hold a {@code tokenizer.json}. Needs a network the first time.
         */
        public Builder modelUrl(String url) {
            this.url = Objects.requireNonNull(url, "url");
            this.directory = null;
            return this;
        }

        /**
         * A local directory holding one model file — ONNX ({@code .onnx}, OnnxRuntime) or TorchScript
         * ({@code .pt}, PyTorch, taking input ids, attention mask and token type ids in that order) —
         * and its {@code tokenizer.json}.
         */
        public Builder localModel(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            this.url = null;
            return this;
        }

        public Builder pooling(Pooling pooling) {
            this.pooling = Objects.requireNonNull(pooling, "pooling");
            return this;
        }

        /** Whether pooled vectors are L2-normalised (default true). */
        public Builder normalize(boolean normalize) {
            this.normalize = normalize;
            return this;
        }

        /** The most word pieces per window, special tokens included (default 256, at most 512). */
        public Builder maxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        public Builder longText(LongText longText) {
            this.longText = Objects.requireNonNull(longText, "longText");
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder output(Output output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * Batches encoded side by side, each on one thread (default: the number of processors);
         * 1 runs batches one after another, each using all of ONNX Runtime's threads.
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * The most padded word pieces in one batch (default 1024): batches of long texts get fewer
         * texts, which keeps attention's working set in cache.
         */
        public Builder maxTokensPerBatch(int tokens) {
            this.maxTokensPerBatch = tokens;
            return this;
        }

        public Builder cleaner(TextCleaner cleaner) {
            this.cleaner = Objects.requireNonNull(cleaner, "cleaner");
            return this;
        }

        /**
         * Loads the model.
         *
         * @throws IllegalArgumentException for a length or batch size out of range
         * @throws TextEncodingException if the model or tokenizer cannot be loaded
         */
        public BertTextEncoder build() {
            if (maxLength < 3 || maxLength > 512) {
                throw new IllegalArgumentException("maxLength must be in [3, 512], got " + maxLength);
            }
            if (maxTokensPerBatch < maxLength) {
                throw new IllegalArgumentException("maxTokensPerBatch " + maxTokensPerBatch + " must be ≥ maxLength "
                        + maxLength);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
            }
            return new BertTextEncoder(this, directory == null && url == null ? EmbeddedMiniLm.directory() : directory);
        }
    }
}
