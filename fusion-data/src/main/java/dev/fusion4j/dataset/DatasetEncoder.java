package dev.fusion4j.dataset;

import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderFactory;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.data.RawInputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BooleanSupplier;

/**
 * Turns raw samples (texts, files, file contents) into {@link MultimodalSample}s: each modality's
 * inputs are read by its encoder's {@link EncoderFactory} and encoded in batches, the modalities at
 * once, one thread each (an encoder is used by one thread at a time; the threads end before
 * {@code encode} returns). A failure stops the other modalities after their current batch and is
 * thrown as it was. Encoders are a caller's own (the caller closes them) or rebuilt from their
 * {@link EncoderSpec}s (closed by {@link #close()}). Optionally, encoded features are kept in an
 * on-disk {@linkplain Builder#cache(Path) cache} and progress is {@linkplain Builder#progress
 * shown}. Building it with two or more native ({@link AutoCloseable}) encoders logs a warning, once
 * per process, unless the environment sets {@code OMP_WAIT_POLICY=PASSIVE}. Thread-safe if its
 * encoders are.
 *
 * <pre>{@code
 * RawDataset rows = Manifest.csv(Path.of("data/manifest.csv")).label("label").text("caption")
 *         .audio("clip").image("picture").read();
 * try (DatasetEncoder encoder = DatasetEncoder.builder()
 *         .encoder(Modality.TEXT, text).encoder(Modality.AUDIO, audio).encoder(Modality.IMAGE, image)
 *         .cache(Path.of("embedding-cache")).progress(true)
 *         .build()) {
 *     List<MultimodalSample> samples = encoder.encode(rows);
 * }
 * }</pre>
 */
public final class DatasetEncoder implements AutoCloseable {
    private final Map<Modality, ModalityEncoder<?>> encoders;
    private final int batchSize;
    private final EmbeddingCache cache;
    private final boolean showProgress;

    private DatasetEncoder(Map<Modality, ModalityEncoder<?>> encoders, Builder settings, EmbeddingCache cache) {
        this.encoders = Collections.unmodifiableMap(encoders);
        this.batchSize = settings.batchSize;
        this.cache = cache;
        this.showProgress = settings.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The encoder of each modality, in the order given. */
    public Map<Modality, Encoder<?>> encoders() {
        Map<Modality, Encoder<?>> out = new LinkedHashMap<>();
        encoders.forEach((modality, slot) -> out.put(modality, slot.encoder()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * The rows of a data set encoded, in order, each labelled with its class's index in
     * {@link RawDataset#classes()} (unlabelled where the row has no label).
     *
     * @throws InvalidSampleException if a row has a modality this encoder lacks
     * @throws dev.fusion4j.FusionException if a file cannot be read or decoded
     */
    public List<MultimodalSample> encode(RawDataset dataset) {
        List<RawInputs> inputs = new ArrayList<>(dataset.samples().size());
        for (RawSample row : dataset.samples()) {
            inputs.add(RawInputs.of(row));
        }
        List<MultimodalSample> encoded = encode(inputs);
        List<MultimodalSample> labelled = new ArrayList<>(encoded.size());
        for (int i = 0; i < encoded.size(); i++) {
            String label = dataset.samples().get(i).label();
            labelled.add(label == null ? encoded.get(i)
                    : encoded.get(i).toBuilder().label(Label.ofClass(dataset.classIndex(label))).build());
        }
        return labelled;
    }

    /**
     * The samples encoded, in order, without labels.
     *
     * @throws InvalidSampleException if a sample has a modality this encoder lacks, or an input of a
     *     type its encoder does not take
     * @throws dev.fusion4j.FusionException if a file cannot be read or decoded
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted (the
     *     modalities stop after their current batch; the interrupt status stays set)
     */
    public List<MultimodalSample> encode(List<RawInputs> samples) {
        requireEncoders(samples);
        AtomicIntegerArray unencoded = new AtomicIntegerArray(samples.size());
        Map<Modality, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            for (Modality modality : samples.get(i).modalities()) {
                positions.computeIfAbsent(modality, m -> new ArrayList<>()).add(i);
                unencoded.incrementAndGet(i);
            }
        }
        Progress progress = showProgress ? Progress.of(samples.size()) : Progress.OFF;
        Map<Modality, Features[]> features = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        List<ConcurrentTasks.Task> tasks = new ArrayList<>();
        positions.forEach((modality, at) -> {
            Features[] out = new Features[at.size()];
            features.put(modality, out);
            names.add("fusion4j-encode-" + modality);
            tasks.add(stopped -> encode(encoders.get(modality), samples, at, out, unencoded, progress, stopped));
        });
        ConcurrentTasks.runAll(names, tasks);
        progress.finish();
        return assemble(samples, positions, features);
    }

    private void requireEncoders(List<RawInputs> samples) {
        for (int i = 0; i < samples.size(); i++) {
            for (Modality modality : samples.get(i).modalities()) {
                if (!encoders.containsKey(modality)) {
                    throw new InvalidSampleException(samples.get(i).describe(i) + " has modality '" + modality
                            + "', for which there is no encoder; the encoders' modalities are " + encoders.keySet());
                }
            }
        }
    }

    /** The samples with their ids and the features of each modality, put at the positions they came from. */
    private static List<MultimodalSample> assemble(List<RawInputs> samples, Map<Modality, List<Integer>> positions,
                                                   Map<Modality, Features[]> features) {
        List<MultimodalSample.Builder> builders = new ArrayList<>(samples.size());
        for (RawInputs sample : samples) {
            MultimodalSample.Builder builder = MultimodalSample.builder();
            sample.id().ifPresent(builder::id);
            builders.add(builder);
        }
        features.forEach((modality, out) -> {
            List<Integer> at = positions.get(modality);
            for (int k = 0; k < out.length; k++) {
                builders.get(at.get(k)).put(modality, out[k]);
            }
        });
        return builders.stream().map(MultimodalSample.Builder::build).toList();
    }

    /**
     * What the embedding cache did since this encoder was built: its hits, misses and corrupt
     * entries (all zero without a cache).
     */
    public CacheStats cacheStats() {
        return cache == null ? new CacheStats(0, 0, 0) : cache.stats();
    }

    /**
     * Encodes one modality's inputs of the samples at {@code positions}, batch by batch, into
     * {@code out}, counting samples done in {@code progress} once none of their modalities is left.
     */
    private void encode(ModalityEncoder<?> slot, List<RawInputs> samples, List<Integer> positions, Features[] out,
                        AtomicIntegerArray unencoded, Progress progress, BooleanSupplier stopped) {
        for (int start = 0; start < positions.size() && !stopped.getAsBoolean(); start += batchSize) {
            List<Integer> batch = positions.subList(start, Math.min(positions.size(), start + batchSize));
            List<Object> inputs = new ArrayList<>(batch.size());
            List<String> descriptions = new ArrayList<>(batch.size());
            for (int i : batch) {
                inputs.add(samples.get(i).get(slot.modality()).orElseThrow());
                descriptions.add(samples.get(i).describe(i));
            }
            List<Features> encoded = cache == null ? slot.encodeAll(inputs, descriptions)
                    : cache.encodeAll(slot, inputs, descriptions);
            int done = 0;
            for (int k = 0; k < batch.size(); k++) {
                out[start + k] = encoded.get(k);
                done += unencoded.decrementAndGet(batch.get(k)) == 0 ? 1 : 0;
            }
            progress.advance(done);
        }
    }

    /** Closes the encoders built from specs; a caller's own encoders stay open. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (ModalityEncoder<?> slot : encoders.values()) {
            if (slot.owned() && slot.encoder() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    failure = failure == null ? new IllegalStateException("cannot close an encoder: " + e, e) : failure;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Chooses each modality's encoder, the batch size, the cache and the progress report. */
    public static final class Builder {
        private final Map<Modality, Object> encoders = new LinkedHashMap<>();
        private int batchSize = 32;
        private Path cache;
        private boolean progress;

        private Builder() {
        }

        /**
         * A caller's encoder for {@code modality}; it needs a spec, whose type's factory reads its
         * files. The caller closes it.
         */
        public Builder encoder(Modality modality, Encoder<?> encoder) {
            encoders.put(Objects.requireNonNull(modality, "modality"), Objects.requireNonNull(encoder, "encoder"));
            return this;
        }

        /** The encoder {@code spec} describes, built by {@link #build()} and closed by {@link #close()}. */
        public Builder encoder(Modality modality, EncoderSpec spec) {
            encoders.put(Objects.requireNonNull(modality, "modality"), Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /** How many inputs of a modality one {@code encodeAll} call gets: 32 by default. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be ≥ 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Keeps encoded features in {@code directory} (made if missing), shared safely by threads
         * and processes: an input whose features are there is neither read nor encoded again. An
         * entry's key is the encoder's spec (its type and settings, which include the SHA-256 of
         * trained weights) and the input's content: a file's bytes, a {@code byte[]} or a text. An
         * in-memory value of the encoder's input type (an {@code AudioClip}, a
         * {@code BufferedImage}) has no such key and is encoded every time. Entries are written to a
         * temporary file and moved into place; one that is torn or corrupt is encoded again, with a
         * warning. See {@link DatasetEncoder#cacheStats()}.
         */
        public Builder cache(Path directory) {
            this.cache = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Whether to report progress while encoding (off by default): on a terminal a bar with the
         * samples done, their rate and the time left, redrawn on standard error; otherwise an INFO
         * line every ten seconds and at the end, through SLF4J (logger
         * {@code dev.fusion4j.dataset.DatasetEncoder}), so it needs an SLF4J binding.
         */
        public Builder progress(boolean progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Builds the encoders given as specs; if one fails, those built before it are closed.
         *
         * @throws IllegalArgumentException if no encoder was given, a spec's type has no factory on
         *     the class path or its factory refuses the spec, or a given encoder has no spec
         * @throws dev.fusion4j.FusionException if a model file a spec names cannot be loaded, or the
         *     cache directory cannot be made
         */
        public DatasetEncoder build() {
            if (encoders.isEmpty()) {
                throw new IllegalArgumentException("give at least one modality's encoder");
            }
            EmbeddingCache opened = cache == null ? null : EmbeddingCache.open(cache);
            Map<Modality, ModalityEncoder<?>> slots = new LinkedHashMap<>();
            try {
                encoders.forEach((modality, encoder) -> slots.put(modality, encoder instanceof EncoderSpec spec
                        ? ModalityEncoder.built(modality, EncoderFactory.require(spec.type()), spec)
                        : ModalityEncoder.given(modality, (Encoder<?>) encoder)));
            } catch (RuntimeException e) {
                new DatasetEncoder(slots, this, opened).close();
                throw e;
            }
            OpenMpCheck.warnOnce((int) slots.values().stream().filter(slot -> slot.encoder() instanceof AutoCloseable)
                    .count());
            return new DatasetEncoder(slots, this, opened);
        }
    }
}
