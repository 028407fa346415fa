package dev.fusion4j.cli;

import dev.fusion4j.data.Modality;
import dev.fusion4j.dataset.Manifest;
import dev.fusion4j.dataset.ManifestException;
import dev.fusion4j.dataset.RawDataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The manifest a command reads and how its columns map to the label and the modalities; shared by
 * the subcommands as a picocli mixin.
 */
final class ManifestOptions {
    /** How many skipped rows are listed. */
    private static final int LISTED = 20;

    @Parameters(index = "0", paramLabel = "MANIFEST", description = "The manifest: a CSV file with a header line "
            + "(RFC 4180 quoting), or JSON Lines (.jsonl). File paths in it are relative to its folder; an empty "
            + "cell is a missing modality.")
    Path manifest;

    @Option(names = "--format", paramLabel = "csv|jsonl", description = "The manifest's format; by default "
            + "JSON Lines for a name ending in .jsonl or .json, else CSV.")
    Format format;

    @Option(names = "--id-column", paramLabel = "NAME", description = "The sample id (default: ${DEFAULT-VALUE}; "
            + "without it the id is file-name:line).", defaultValue = "id")
    String idColumn;

    @Option(names = "--label-column", paramLabel = "NAME", description = "The class name (default: "
            + "${DEFAULT-VALUE}).", defaultValue = "label")
    String labelColumn;

    @Option(names = "--text-column", paramLabel = "NAME", description = "The caption, inline text (default: "
            + "${DEFAULT-VALUE}).", defaultValue = "text")
    String textColumn;

    @Option(names = "--audio-column", paramLabel = "NAME", description = "The WAV file (default: ${DEFAULT-VALUE}).",
            defaultValue = "audio")
    String audioColumn;

    @Option(names = "--image-column", paramLabel = "NAME", description = "The image file: PNG, JPEG, BMP, GIF "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "image")
    String imageColumn;

    @Option(names = "--strict", description = "Stop at the first bad row (a missing label, no modality, a file "
            + "that does not exist or does not decode) with exit code 3; by default bad rows are skipped and "
            + "listed.")
    boolean strict;

    /** The manifest formats. */
    enum Format { CSV, JSONL }

    /** What was read: the rows, and the modalities that have a column. */
    record Rows(RawDataset data, List<Modality> modalities) {
    }

    /**
     * Reads the manifest. Of {@code wanted}, the modalities whose column a CSV header lacks, or
     * whose cells are all empty, are left out, with a note on {@code err}.
     *
     * @param labelled whether the label column is read (and required)
     * @throws BadDataException if the manifest does not exist or has none of the wanted columns
     * @throws ManifestException for a bad row under {@code --strict}, or a malformed file
     */
    Rows read(Collection<Modality> wanted, boolean labelled, PrintWriter err) {
        if (!Files.isRegularFile(manifest)) {
            throw new BadDataException("the manifest '" + manifest + "' " + (Files.exists(manifest)
                    ? "is not a regular file" : "does not exist"));
        }
        boolean json = format == Format.JSONL || format == null
                && manifest.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jsonl?$");
        Set<String> header = json ? null : header();
        List<Modality> modalities = new ArrayList<>();
        Manifest reader = json ? Manifest.jsonLines(manifest) : Manifest.csv(manifest);
        for (Modality modality : wanted) {
            String column = column(modality);
            if (header != null && !header.contains(column)) {
                err.printf("note: %s has no column '%s', so no %s%n", manifest, column, modality);
                continue;
            }
            modalities.add(modality);
            if (modality.equals(Modality.TEXT)) {
                reader.text(column);
            } else {
                reader.file(modality, column);
            }
        }
        if (modalities.isEmpty()) {
            throw new BadDataException(manifest + " has none of the columns " + wanted.stream().map(this::column)
                    .toList() + "; name them with --text-column, --audio-column, --image-column");
        }
        if (labelled) {
            reader.label(labelColumn);
        }
        if (header == null || header.contains(idColumn)) {
            reader.id(idColumn);
        }
        if (!strict) {
            reader.skipBadRows();
        }
        RawDataset data = strict ? reader.read() : DecodableRows.keep(reader.read(), LISTED, err);
        List<Modality> present = modalities.stream()
                .filter(m -> data.samples().stream().anyMatch(row -> row.modalities().contains(m))).toList();
        if (!present.isEmpty() && present.size() < modalities.size()) {
            modalities.stream().filter(m -> !present.contains(m)).forEach(m -> err.printf(
                    "note: no row of %s has a value in column '%s', so no %s%n", manifest, column(m), m));
            return read(present, labelled, err);
        }
        if (!data.skipped().isEmpty()) {
            err.printf("skipped %d bad row(s) of %s:%n", data.skipped().size(), manifest);
            data.skipped().stream().limit(LISTED).forEach(row -> err.println("  " + row));
            if (data.skipped().size() > LISTED) {
                err.printf("  … and %d more%n", data.skipped().size() - LISTED);
            }
        }
        if (data.samples().isEmpty()) {
            throw new BadDataException(manifest + " has no usable row");
        }
        return new Rows(data, List.copyOf(modalities));
    }

    /** The column of a modality (text, audio, image). */
    String column(Modality modality) {
        if (modality.equals(Modality.TEXT)) {
            return textColumn;
        }
        return modality.equals(Modality.AUDIO) ? audioColumn : imageColumn;
    }

    /** The column names of the CSV header line. */
    private Set<String> header() {
        try (BufferedReader in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null) {
                throw new ManifestException(manifest, 1, "empty file: the first line must name the columns");
            }
            try (CSVParser parser = CSVFormat.DEFAULT.parse(new StringReader(line.replace("\uFEFF", "")))) {
                return Set.copyOf(parser.getRecords().get(0).toList().stream().map(String::strip).toList());
            }
        } catch (IOException e) {
            throw new ManifestException(manifest, 1, "cannot read the header line: " + e.getMessage(), e);
        }
    }
}
