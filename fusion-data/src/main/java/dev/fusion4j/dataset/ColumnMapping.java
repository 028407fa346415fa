package dev.fusion4j.dataset;

import dev.fusion4j.data.Modality;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Which column holds which modality, the label and the id; turns one row's cells into a
 * {@link RawSample}. Immutable. Shared by the CSV and the JSON Lines reader.
 */
final class ColumnMapping {
    private final Map<Modality, String> textColumns;
    private final Map<Modality, String> fileColumns;
    private final String labelColumn;
    private final String idColumn;

    /**
     * @param labelColumn null for unlabelled samples
     * @param idColumn null for ids made of file name and line
     */
    ColumnMapping(Map<Modality, String> textColumns, Map<Modality, String> fileColumns, String labelColumn,
                  String idColumn) {
        if (textColumns.isEmpty() && fileColumns.isEmpty()) {
            throw new IllegalArgumentException("map at least one modality to a column");
        }
        this.textColumns = new LinkedHashMap<>(textColumns);
        this.fileColumns = new LinkedHashMap<>(fileColumns);
        this.labelColumn = labelColumn;
        this.idColumn = idColumn;
    }

    /** Every column the mapping names: texts, files, label, id. */
    Set<String> columns() {
        Set<String> columns = new LinkedHashSet<>(textColumns.values());
        columns.addAll(fileColumns.values());
        if (labelColumn != null) {
            columns.add(labelColumn);
        }
        if (idColumn != null) {
            columns.add(idColumn);
        }
        return columns;
    }

    /**
     * The sample of one row.
     *
     * @param file the manifest, whose folder relative paths are resolved against
     * @param line the row's line, for the default id
     * @param cell a column's value, or null when the row lacks it
     * @throws BadRow for a missing label, no modality, or a file that does not exist
     */
    RawSample sample(Path file, long line, UnaryOperator<String> cell) {
        String label = null;
        if (labelColumn != null) {
            label = value(cell, labelColumn);
            if (label == null) {
                throw new BadRow("no label: column '" + labelColumn + "' is empty");
            }
        }
        String id = idColumn == null ? null : value(cell, idColumn);
        Map<Modality, String> texts = new LinkedHashMap<>();
        textColumns.forEach((modality, column) -> {
            String text = value(cell, column);
            if (text != null) {
                texts.put(modality, text);
            }
        });
        Path folder = file.toAbsolutePath().getParent();
        Map<Modality, Path> files = new LinkedHashMap<>();
        fileColumns.forEach((modality, column) -> {
            String name = value(cell, column);
            if (name != null) {
                files.put(modality, existingFile(folder, column, name));
            }
        });
        if (texts.isEmpty() && files.isEmpty()) {
            List<String> columns = new ArrayList<>(textColumns.values());
            columns.addAll(fileColumns.values());
            throw new BadRow("no modality: " + columns.stream().map(c -> "'" + c + "'")
                    .collect(Collectors.joining(", ", "column(s) ", " empty")));
        }
        return new RawSample(id != null ? id : file.getFileName() + ":" + line, texts, files, label);
    }

    /** The stripped cell, or null when absent or blank. */
    private static String value(UnaryOperator<String> cell, String column) {
        String value = cell.apply(column);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Path existingFile(Path folder, String column, String name) {
        Path path;
        try {
            path = folder.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new BadRow("column '" + column + "': '" + name + "' is not a valid path (" + e.getReason() + ")");
        }
        if (!Files.isRegularFile(path)) {
            throw new BadRow("column '" + column + "': file '" + name + "' "
                    + (Files.exists(path) ? "is not a regular file" : "does not exist") + " (looked for " + path + ")");
        }
        return path;
    }
}
