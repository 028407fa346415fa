package dev.fusion4j.dataset;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A bad row that a reader left out under {@code skipBadRows()}, with the reason it would otherwise
 * have thrown as a {@link ManifestException}.
 *
 * @param file the file of the row (for a folder layout, the file that was wrong)
 * @param line the 1-based line, or 0 for a file of a folder layout
 * @param reason what was wrong
 */
public record SkippedRow(Path file, long line, String reason) {
    public SkippedRow {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return ManifestException.where(file, line) + ": " + reason;
    }
}
