package dev.fusion4j.dataset;

import dev.fusion4j.data.Modality;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One row of a data set as read from disk, not yet encoded: inline texts and files per modality,
 * and a class name. Immutable; a modality is in at most one of the two maps, and at least one is
 * present.
 *
 * @param id the id column's value, else {@code manifest.csv:7} (file name and line), or
 *           {@code class/base-name} in a folder layout
 * @param texts the text of each text modality present
 * @param files the absolute path of each file modality present (audio, image); the file existed
 *              when read
 * @param label the class name, or null when the reader was given no label column
 */
public record RawSample(String id, Map<Modality, String> texts, Map<Modality, Path> files, String label) {
    public RawSample {
        Objects.requireNonNull(id, "id");
        texts = Map.copyOf(texts);
        files = Map.copyOf(files);
        Set<Modality> both = new HashSet<>(texts.keySet());
        both.retainAll(files.keySet());
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("sample '" + id + "' has " + both + " as text and as file");
        }
        if (texts.isEmpty() && files.isEmpty()) {
            throw new IllegalArgumentException("sample '" + id + "' has no modality");
        }
    }

    /** The modalities present, texts and files. */
    public Set<Modality> modalities() {
        Set<Modality> all = new HashSet<>(texts.keySet());
        all.addAll(files.keySet());
        return Set.copyOf(all);
    }

    /** The text of {@code modality}, or empty when it is missing or a file. */
    public Optional<String> text(Modality modality) {
        return Optional.ofNullable(texts.get(modality));
    }

    /** The file of {@code modality}, or empty when it is missing or a text. */
    public Optional<Path> file(Modality modality) {
        return Optional.ofNullable(files.get(modality));
    }
}
