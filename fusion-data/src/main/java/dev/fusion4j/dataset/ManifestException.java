package dev.fusion4j.dataset;

import dev.fusion4j.FusionException;
import java.nio.file.Path;

/**
 * Thrown when a data set on disk cannot be read: a bad row (wrong cell count, missing label, a
 * referenced file that does not exist, malformed JSON, no modality), a mapping that names a column
 * the file lacks, or a file that cannot be read at all. The message starts with the file and the
 * line, {@code manifest.csv line 7: ...}.
 */
public final class ManifestException extends FusionException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String reason;

    /**
     * @param file the file read, or the file of a folder-per-class layout that was wrong
     * @param line the 1-based line, or 0 when the whole file (or a file of a folder layout) is meant
     * @param reason what was wrong
     */
    public ManifestException(Path file, long line, String reason) {
        this(file, line, reason, null);
    }

    public ManifestException(Path file, long line, String reason, Throwable cause) {
        super(where(file, line) + ": " + reason, cause);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    /** The file that was wrong. */
    public Path file() {
        return file;
    }

    /** The 1-based line, or 0 when no line is meant. */
    public long line() {
        return line;
    }

    /** What was wrong, without the file and line. */
    public String reason() {
        return reason;
    }

    /** {@code file line N}, or {@code file} for line 0. */
    static String where(Path file, long line) {
        return line > 0 ? file + " line " + line : String.valueOf(file);
    }
}
