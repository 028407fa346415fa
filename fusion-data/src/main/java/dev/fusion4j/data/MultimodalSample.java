package dev.fusion4j.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One example: features for some of the modalities (any may be absent, at least one present),
 * an optional label and an optional id used in error messages. Immutable.
 *
 * <pre>{@code
 * MultimodalSample sample = MultimodalSample.builder()
 *         .id("clip-17")
 *         .put(Modality.TEXT, Features.vector(textEmbedding))
 *         .put(Modality.AUDIO, Features.sequence(mfccFrames))
 *         .label(3)
 *         .build();
 * }</pre>
 */
public final class MultimodalSample {
    private final String id;
    private final Map<Modality, Features> features;
    private final Label label;

    private MultimodalSample(Builder builder) {
        this.id = builder.id;
        this.features = Collections.unmodifiableMap(new LinkedHashMap<>(builder.features));
        this.label = builder.label;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this sample's values, to derive a variant. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.id = id;
        builder.features.putAll(features);
        builder.label = label;
        return builder;
    }

    /** The id given at build time, if any. */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /**
     * How messages name this sample: {@code sample 'its id'}, or {@code sample #position} (its
     * index in the caller's list) when it has none.
     */
    public String describe(int position) {
        return "sample " + (id == null ? "#" + position : "'" + id + "'");
    }

    /** The features of {@code modality}, or empty when that modality is missing. */
    public Optional<Features> get(Modality modality) {
        return Optional.ofNullable(features.get(modality));
    }

    /** Whether {@code modality} is present. */
    public boolean has(Modality modality) {
        return features.containsKey(modality);
    }

    /** The present modalities, in insertion order. */
    public Set<Modality> modalities() {
        return features.keySet();
    }

    /** The present modalities and their features, unmodifiable, in insertion order. */
    public Map<Modality, Features> features() {
        return features;
    }

    /** The label, if any. */
    public Optional<Label> label() {
        return Optional.ofNullable(label);
    }

    /**
     * This sample with {@code modality} removed, as when it goes missing at inference.
     *
     * @throws InvalidSampleException if it is the only modality present
     */
    public MultimodalSample without(Modality modality) {
        Builder builder = toBuilder();
        builder.features.remove(modality);
        return builder.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultimodalSample other
                && Objects.equals(id, other.id)
                && features.equals(other.features)
                && Objects.equals(label, other.label);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, features, label);
    }

    @Override
    public String toString() {
        return "MultimodalSample[" + (id == null ? "" : "id=" + id + ", ") + features
                + (label == null ? "" : ", label=" + label) + "]";
    }

    /** Collects the parts of a sample; {@link #build()} checks that one modality is present. */
    public static final class Builder {
        private String id;
        private final Map<Modality, Features> features = new LinkedHashMap<>();
        private Label label;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /** Sets the features of one modality, replacing earlier ones. */
        public Builder put(Modality modality, Features value) {
            features.put(Objects.requireNonNull(modality, "modality"), Objects.requireNonNull(value, "features"));
            return this;
        }

        public Builder label(Label label) {
            this.label = Objects.requireNonNull(label, "label");
            return this;
        }

        /** Shorthand for {@code label(Label.ofClass(classIndex))}. */
        public Builder label(int classIndex) {
            return label(Label.ofClass(classIndex));
        }

        /**
         * @throws InvalidSampleException if no modality was put
         */
        public MultimodalSample build() {
            if (features.isEmpty()) {
                throw new InvalidSampleException("sample " + (id == null ? "without id" : "'" + id + "'")
                        + " has no modality; put at least one");
            }
            return new MultimodalSample(this);
        }
    }
}
