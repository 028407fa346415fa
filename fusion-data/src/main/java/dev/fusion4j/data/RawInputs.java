package dev.fusion4j.data;

import dev.fusion4j.dataset.RawSample;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The raw inputs of one sample, for a pipeline to encode: per modality a file ({@link Path}), a
 * file's content ({@code byte[]}: a WAV, an image file, UTF-8 text) or a value of its encoder's
 * input type (a {@code String}, an {@code AudioClip}, a {@code BufferedImage}). Any modality may
 * be absent, at least one is present. Immutable: byte arrays are copied in and out. A row read by
 * a manifest reader becomes one with {@link #of(RawSample)}.
 *
 * <pre>{@code
 * RawInputs sample = RawInputs.builder()
 *         .id("star-3")
 *         .text("a red star, shining")
 *         .audio(Path.of("star-3.wav"))
 *         .put(Modality.IMAGE, bufferedImage)
 *         .build();
 * }</pre>
 */
public final class RawInputs {
    private final String id;
    private final Map<Modality, Object> inputs;

    private RawInputs(Builder builder) {
        this.id = builder.id;
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(builder.inputs));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The texts and files of a data set's row, under its id (its label is not an input). */
    public static RawInputs of(RawSample row) {
        Builder builder = builder().id(row.id());
        row.texts().forEach(builder::put);
        row.files().forEach(builder::put);
        return builder.build();
    }

    /** The id given at build time, if any. */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** How messages name this sample, as {@link MultimodalSample#describe(int)} does. */
    public String describe(int position) {
        return "raw sample " + (id == null ? "#" + position : "'" + id + "'");
    }

    /** The present modalities, in insertion order. */
    public Set<Modality> modalities() {
        return inputs.keySet();
    }

    /** The input of {@code modality} (a byte array is copied), or empty when it is missing. */
    public Optional<Object> get(Modality modality) {
        Object input = inputs.get(modality);
        return Optional.ofNullable(input instanceof byte[] bytes ? bytes.clone() : input);
    }

    @Override
    public String toString() {
        return "RawInputs[" + (id == null ? "" : "id=" + id + ", ") + inputs.keySet() + "]";
    }

    /** Collects the inputs; {@link #build()} checks that one modality is present. */
    public static final class Builder {
        private String id;
        private final Map<Modality, Object> inputs = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /** The text. */
        public Builder text(String text) {
            return put(Modality.TEXT, text);
        }

        /** A text file (UTF-8). */
        public Builder text(Path file) {
            return put(Modality.TEXT, file);
        }

        /** An audio file (WAV). */
        public Builder audio(Path file) {
            return put(Modality.AUDIO, file);
        }

        /** An audio file's content (WAV). */
        public Builder audio(byte[] content) {
            return put(Modality.AUDIO, content);
        }

        /** An image file (PNG, JPEG, BMP, GIF). */
        public Builder image(Path file) {
            return put(Modality.IMAGE, file);
        }

        /** An image file's content (PNG, JPEG, BMP, GIF). */
        public Builder image(byte[] content) {
            return put(Modality.IMAGE, content);
        }

        /**
         * Sets the input of one modality, replacing an earlier one: a {@link Path}, a
         * {@code byte[]} (copied) or a value of the modality's encoder's input type (an
         * {@code AudioClip}, a {@code BufferedImage}).
         */
        public Builder put(Modality modality, Object input) {
            Objects.requireNonNull(input, "input");
            inputs.put(Objects.requireNonNull(modality, "modality"), input instanceof byte[] bytes ? bytes.clone() : input);
            return this;
        }

        /**
         * @throws InvalidSampleException if no modality was put
         */
        public RawInputs build() {
            if (inputs.isEmpty()) {
                throw new InvalidSampleException("raw sample " + (id == null ? "without id" : "'" + id + "'")
                        + " has no modality; put at least one");
            }
            return new RawInputs(this);
        }
    }
}
