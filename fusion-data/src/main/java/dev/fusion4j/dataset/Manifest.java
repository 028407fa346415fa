package dev.fusion4j.dataset;

import dev.fusion4j.data.Modality;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a manifest, a CSV file with a header line or a JSON Lines file, into {@link RawSample}s.
 * The caller says which column holds which modality, the label and (optionally) the id:
 *
 * <pre>{@code
 * RawDataset data = Manifest.csv(Path.of("my-data/manifest.csv"))
 *         .text("caption").audio("wav").image("png").label("label")
 *         .read();
 * }</pre>
 *
 * <ul>
 *   <li>CSV: RFC 4180 quoting ({@code "a caption, with a comma"}), UTF-8 with or without a byte
 *       order mark, blank lines ignored. JSON Lines: one object per line, its keys the columns;
 *       strings, numbers and booleans are read as text.</li>
 *   <li>A file column holds a path, relative to the manifest's folder or absolute; the file must
 *       exist.</li>
 *   <li>An empty cell (or, in JSON, an absent, null or blank value) is a missing modality; a row
 *       needs at least one modality, and a label when a label column is mapped.</li>
 *   <li>A bad row (wrong cell count, missing label, no modality, a file that does not exist,
 *       malformed JSON) throws {@link ManifestException} naming the file and line, or with
 *       {@link #skipBadRows()} is left out and listed in {@link RawDataset#skipped()}. A mapped
 *       column the file lacks, malformed CSV quoting (after which no row can be found) and an
 *       unreadable file always throw.</li>
 * </ul>
 *
 * <p>A builder: each call changes this object and returns it; {@link #read()} may be called again.
 */
public final class Manifest {
    private enum Format { CSV, JSON_LINES }

    private final Path file;
    private final Format format;
    private final Map<Modality, String> textColumns = new LinkedHashMap<>();
    private final Map<Modality, String> fileColumns = new LinkedHashMap<>();
    private String labelColumn;
    private String idColumn;
    private boolean skipBadRows;

    private Manifest(Path file, Format format) {
        this.file = Objects.requireNonNull(file, "file");
        this.format = format;
    }

    /** A CSV manifest whose first line names the columns. */
    public static Manifest csv(Path file) {
        return new Manifest(file, Format.CSV);
    }

    /** A JSON Lines manifest: one object per line. */
    public static Manifest jsonLines(Path file) {
        return new Manifest(file, Format.JSON_LINES);
    }

    /** {@link Modality#TEXT} is the text in {@code column}. */
    public Manifest text(String column) {
        return text(Modality.TEXT, column);
    }

    /** {@link Modality#AUDIO} is the file named in {@code column}. */
    public Manifest audio(String column) {
        return file(Modality.AUDIO, column);
    }

    /** {@link Modality#IMAGE} is the file named in {@code column}. */
    public Manifest image(String column) {
        return file(Modality.IMAGE, column);
    }

    /** {@code modality} is the text in {@code column}, replacing an earlier mapping of it. */
    public Manifest text(Modality modality, String column) {
        fileColumns.remove(Objects.requireNonNull(modality, "modality"));
        textColumns.put(modality, requireName(column));
        return this;
    }

    /** {@code modality} is the file named in {@code column}, replacing an earlier mapping of it. */
    public Manifest file(Modality modality, String column) {
        textColumns.remove(Objects.requireNonNull(modality, "modality"));
        fileColumns.put(modality, requireName(column));
        return this;
    }

    /** The class name is in {@code column}; without it the samples are unlabelled. */
    public Manifest label(String column) {
        labelColumn = requireName(column);
        return this;
    }

    /** The sample id is in {@code column}; without it (or in an empty cell) it is {@code file-name:line}. */
    public Manifest id(String column) {
        idColumn = requireName(column);
        return this;
    }

    /** Leaves bad rows out and lists them in {@link RawDataset#skipped()} instead of throwing. */
    public Manifest skipBadRows() {
        skipBadRows = true;
        return this;
    }

    /**
     * Reads the file.
     *
     * @throws IllegalArgumentException if no modality is mapped
     * @throws ManifestException for a bad row (unless skipped), a mapped column the file lacks, or
     *                           a file that cannot be read
     */
    public RawDataset read() {
        ColumnMapping mapping = new ColumnMapping(textColumns, fileColumns, labelColumn, idColumn);
        RowCollector rows = new RowCollector(skipBadRows);
        if (format == Format.CSV) {
            CsvManifest.read(file, mapping, rows);
        } else {
            JsonLinesManifest.read(file, mapping, rows);
        }
        return rows.finish();
    }

    /** Opens a UTF-8 file, past its byte order mark if it has one. */
    static BufferedReader open(Path file) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            return reader;
        } catch (IOException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * The error for a file that cannot be read; a decoding error names no line, as it happens a
     * buffer ahead of the parser.
     */
    static ManifestException unreadable(Path file, IOException e) {
        return new ManifestException(file, 0, e instanceof CharacterCodingException
                ? "not UTF-8 text; save the manifest as UTF-8" : "cannot read: " + e, e);
    }

    private static String requireName(String column) {
        if (Objects.requireNonNull(column, "column").isBlank()) {
            throw new IllegalArgumentException("a column name must not be blank");
        }
        return column;
    }
}
