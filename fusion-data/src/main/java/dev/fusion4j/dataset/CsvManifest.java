package dev.fusion4j.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads a CSV manifest with a header line (RFC 4180 quoting, UTF-8, blank lines ignored). Header
 * names must be distinct, except empty ones (as a spreadsheet's trailing commas make).
 */
final class CsvManifest {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true)
            .setAllowMissingColumnNames(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_EMPTY)
            .get();

    private CsvManifest() {
    }

    static void read(Path file, ColumnMapping mapping, RowCollector rows) {
        try (BufferedReader reader = Manifest.open(file);
             CSVParser parser = parse(file, reader)) {
            List<String> header = parser.getHeaderNames();
            requireColumns(file, header, mapping);
            Iterator<CSVRecord> records = parser.iterator();
            long lastLine = 1;
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw malformed(file, lastLine + 1, e);
                }
                lastLine = parser.getCurrentLineNumber();
                long line = lastLine - lineBreaks(record);
                if (record.size() == header.size()) {
                    rows.add(file, line, () -> mapping.sample(file, line, record::get));
                } else {
                    rows.reject(file, line, "has " + record.size() + " cells, the header has " + header.size());
                }
            }
        } catch (IOException e) {
            throw Manifest.unreadable(file, e);
        } catch (UncheckedIOException e) {
            throw Manifest.unreadable(file, e.getCause());
        }
    }

    /** The error for a record the parser could not read, starting on {@code line}. */
    private static ManifestException malformed(Path file, long line, RuntimeException e) {
        if (e.getCause() instanceof IOException io && !(io instanceof CSVException)) {
            return Manifest.unreadable(file, io);
        }
        return new ManifestException(file, line, "malformed CSV: "
                + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
    }

    /** Reads the header line. */
    private static CSVParser parse(Path file, BufferedReader reader) throws IOException {
        try {
            return CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ManifestException(file, 1, "bad header: " + e.getMessage(), e);
        }
    }

    private static void requireColumns(Path file, List<String> header, ColumnMapping mapping) {
        if (header.isEmpty()) {
            throw new ManifestException(file, 1, "no header line; the first line names the columns");
        }
        List<String> missing = new ArrayList<>(mapping.columns());
        missing.removeAll(header);
        if (!missing.isEmpty()) {
            throw new ManifestException(file, 1, "no column " + missing + "; the header has " + header);
        }
    }

    /** The line breaks inside the record's quoted cells, to find the line it starts on. */
    private static long lineBreaks(CSVRecord record) {
        long breaks = 0;
        for (String value : record) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean crlf = c == '\r' && i + 1 < value.length() && value.charAt(i + 1) == '\n';
                breaks += (c == '\n' || c == '\r') && !crlf ? 1 : 0;
            }
        }
        return breaks;
    }
}
