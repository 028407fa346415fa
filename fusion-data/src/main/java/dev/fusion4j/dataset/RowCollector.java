package dev.fusion4j.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;

/** Gathers a reader's samples, and either throws on the first bad row or lists the bad rows. */
final class RowCollector {
    private final boolean skipBadRows;
    private final List<RawSample> samples = new ArrayList<>();
    private final List<SkippedRow> skipped = new ArrayList<>();

    RowCollector(boolean skipBadRows) {
        this.skipBadRows = skipBadRows;
    }

    /**
     * Adds the sample that {@code row} makes, or handles the {@link BadRow} it throws.
     *
     * @throws ManifestException for a bad row, unless bad rows are skipped
     */
    void add(Path file, long line, Supplier<RawSample> row) {
        try {
            samples.add(row.get());
        } catch (BadRow bad) {
            reject(file, line, bad.getMessage());
        }
    }

    /**
     * Lists a bad row, or throws it.
     *
     * @throws ManifestException unless bad rows are skipped
     */
    void reject(Path file, long line, String reason) {
        if (!skipBadRows) {
            throw new ManifestException(file, line, reason);
        }
        skipped.add(new SkippedRow(file, line, reason));
    }

    RawDataset finish() {
        TreeSet<String> classes = new TreeSet<>();
        samples.stream().map(RawSample::label).filter(Objects::nonNull).forEach(classes::add);
        return new RawDataset(samples, List.copyOf(classes), skipped);
    }
}
