package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Modality;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The modalities a fusion operator takes, in order, with their input widths. Immutable.
 *
 * <pre>{@code
 * ModalitySchema schema = ModalitySchema.builder().add(Modality.TEXT, 384).add(Modality.AUDIO, 40).build();
 * }</pre>
 */
public final class ModalitySchema {
    /** The widest features a modality may have (2^20 values per step). */
    public static final int MAX_WIDTH = 1 << 20;

    private final Map<Modality, Integer> widths;

    private ModalitySchema(Map<Modality, Integer> widths) {
        this.widths = Collections.unmodifiableMap(new LinkedHashMap<>(widths));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A schema in the map's iteration order. */
    public static ModalitySchema of(Map<Modality, Integer> widths) {
        Builder builder = builder();
        widths.forEach(builder::add);
        return builder.build();
    }

    public List<Modality> modalities() {
        return List.copyOf(widths.keySet());
    }

    /** The widths by modality, in order. */
    public Map<Modality, Integer> widths() {
        return widths;
    }

    /**
     * @throws IllegalArgumentException if the schema has no such modality
     */
    public int width(Modality modality) {
        Integer width = widths.get(modality);
        if (width == null) {
            throw new IllegalArgumentException("modality '" + modality + "' is not in the schema " + widths.keySet());
        }
        return width;
    }

    public int size() {
        return widths.size();
    }

    /** The sum of all widths. */
    public int totalWidth() {
        return widths.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModalitySchema other && List.copyOf(widths.entrySet()).equals(List.copyOf(other.widths.entrySet()));
    }

    @Override
    public int hashCode() {
        return List.copyOf(widths.entrySet()).hashCode();
    }

    @Override
    public String toString() {
        return "ModalitySchema" + widths;
    }

    /** Adds modalities in order; {@link #build()} needs at least one. */
    public static final class Builder {
        private final Map<Modality, Integer> widths = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @throws IllegalArgumentException for a width outside {@code [1, MAX_WIDTH]} or a modality
         *     added twice
         */
        public Builder add(Modality modality, int width) {
            Objects.requireNonNull(modality, "modality");
            if (width < 1 || width > MAX_WIDTH) {
                throw new IllegalArgumentException("width of modality '" + modality + "' must be in [1, " + MAX_WIDTH
                        + "], got " + width);
            }
            if (widths.putIfAbsent(modality, width) != null) {
                throw new IllegalArgumentException("modality '" + modality + "' added twice");
            }
            return this;
        }

        public ModalitySchema build() {
            if (widths.isEmpty()) {
                throw new IllegalArgumentException("a schema needs at least one modality");
            }
            return new ModalitySchema(widths);
        }
    }
}
