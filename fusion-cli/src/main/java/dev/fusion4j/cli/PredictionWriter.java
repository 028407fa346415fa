package dev.fusion4j.cli;

import com.google.gson.JsonObject;
import dev.fusion4j.model.Prediction;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes predictions, one line per sample: CSV with the columns {@code id}, {@code label} and
 * {@code p_<class>} for each class, or JSON Lines objects
 * {@code {"id": …, "label": …, "probabilities": {"<class>": p, …}}}.
 */
final class PredictionWriter {
    /** The output formats. */
    enum Format { CSV, JSONL }

    private final Writer out;
    private final List<String> classes;
    private final CSVPrinter csv;

    /** Writes to {@code out}, which the caller closes; a CSV header line first. */
    PredictionWriter(Writer out, Format format, List<String> classes) throws IOException {
        this.out = out;
        this.classes = List.copyOf(classes);
        if (format == Format.CSV) {
            List<String> header = new ArrayList<>(List.of("id", "label"));
            classes.forEach(c -> header.add("p_" + c));
            csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            csv.printRecord(header);
        } else {
            csv = null;
        }
    }

    /** The format a file name implies: JSON Lines for .jsonl or .json, else CSV. */
    static Format formatOf(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).matches(".*\\.jsonl?$") ? Format.JSONL : Format.CSV;
    }

    void write(String id, Prediction prediction) throws IOException {
        double[] p = prediction.probabilities();
        if (csv != null) {
            List<Object> record = new ArrayList<>(List.of(id, prediction.label()));
            for (double v : p) {
                record.add(v);
            }
            csv.printRecord(record);
        } else {
            JsonObject line = new JsonObject();
            line.addProperty("id", id);
            line.addProperty("label", prediction.label());
            JsonObject probabilities = new JsonObject();
            for (int c = 0; c < p.length; c++) {
                probabilities.addProperty(classes.get(c), p[c]);
            }
            line.add("probabilities", probabilities);
            out.write(line.toString());
            out.write('\n');
        }
    }

    /** Writes out what is buffered. */
    void flush() throws IOException {
        if (csv != null) {
            csv.flush();
        }
        out.flush();
    }
}
