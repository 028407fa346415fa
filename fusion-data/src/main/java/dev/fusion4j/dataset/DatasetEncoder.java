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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns raw samples (texts, files, file contents) into {@link MultimodalSample}s: each modality's
 * inputs are read by its encoder's {@link EncoderFactory} and encoded in batches. Encoders are a
 * caller's own (the caller closes them) or rebuilt from their {@link EncoderSpec}s (closed by
 * {@link #close()}).
 *
 * <pre>{@code
 * RawDataset rows = Manifest.csv(Path.of("data/manifest.csv")).label("label").text("caption")
 *         .audio("clip").image("picture").read();
 * try (DatasetEncoder encoder = DatasetEncoder.builder()
 *         .encoder(Modality.TEXT, text).encoder(Modality.AUDIO, audio).encoder(Modality.IMAGE, image)
 *         .build()) {
 *     List<MultimodalSample> samples = encoder.encode(rows);
 * }
 * }</pre>
 */
public final class DatasetEncoder implements AutoCloseable {
    private final Map<Modality, ModalityEncoder<?>> encoders;
    private final int batchSize;

    private DatasetEncoder(Map<Modality, ModalityEncoder<?>> encoders, int batchSize) {
        this.encoders = Collections.unmodifiableMap(encoders);
        this.batchSize = batchSize;
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
     */
    public List<MultimodalSample> encode(List<RawInputs> samples) {
        for (int i = 0; i < samples.size(); i++) {
            for (Modality modality : samples.get(i).modalities()) {
                if (!encoders.containsKey(modality)) {
                    throw new InvalidSampleException(samples.get(i).describe(i) + " has modality '" + modality
                            + "', for which there is no encoder; the encoders' modalities are " + encoders.keySet());
                }
            }
        }
        List<MultimodalSample.Builder> builders = new ArrayList<>(samples.size());
        for (RawInputs sample : samples) {
            MultimodalSample.Builder builder = MultimodalSample.builder();
            sample.id().ifPresent(builder::id);
            builders.add(builder);
        }
        encoders.forEach((modality, slot) -> {
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (samples.get(i).modalities().contains(modality)) {
                    positions.add(i);
                }
            }
            for (int start = 0; start < positions.size(); start += batchSize) {
                List<Integer> batch = positions.subList(start, Math.min(positions.size(), start + batchSize));
                List<Object> inputs = new ArrayList<>(batch.size());
                List<String> descriptions = new ArrayList<>(batch.size());
                for (int i : batch) {
                    inputs.add(samples.get(i).get(modality).orElseThrow());
                    descriptions.add(samples.get(i).describe(i));
                }
                List<Features> features = slot.encodeAll(inputs, descriptions);
                for (int k = 0; k < batch.size(); k++) {
                    builders.get(batch.get(k)).put(modality, features.get(k));
                }
            }
        });
        return builders.stream().map(MultimodalSample.Builder::build).toList();
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

    /** Chooses each modality's encoder and the batch size. */
    public static final class Builder {
        private final Map<Modality, Object> encoders = new LinkedHashMap<>();
        private int batchSize = 32;

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
         * Builds the encoders given as specs; if one fails, those built before it are closed.
         *
         * @throws IllegalArgumentException if no encoder was given, a spec's type has no factory on
         *     the class path or its factory refuses the spec, or a given encoder has no spec
         * @throws dev.fusion4j.FusionException if a model file a spec names cannot be loaded
         */
        public DatasetEncoder build() {
            if (encoders.isEmpty()) {
                throw new IllegalArgumentException("give at least one modality's encoder");
            }
            Map<Modality, ModalityEncoder<?>> slots = new LinkedHashMap<>();
            try {
                encoders.forEach((modality, encoder) -> slots.put(modality, encoder instanceof EncoderSpec spec
                        ? ModalityEncoder.built(modality, EncoderFactory.require(spec.type()), spec)
                        : ModalityEncoder.given(modality, (Encoder<?>) encoder)));
            } catch (RuntimeException e) {
                new DatasetEncoder(slots, batchSize).close();
                throw e;
            }
            return new DatasetEncoder(slots, batchSize);
        }
    }
}
