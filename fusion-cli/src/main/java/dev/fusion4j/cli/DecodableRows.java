package dev.fusion4j.cli;

import dev.fusion4j.FusionException;
import dev.fusion4j.audio.WavDecoder;
import dev.fusion4j.data.Modality;
import dev.fusion4j.dataset.RawDataset;
import dev.fusion4j.dataset.RawSample;
import dev.fusion4j.image.ImageDecoder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Leaves out the rows with an audio or image file that does not decode (a truncated PNG, a WAV
 * that is not PCM): without {@code --strict} such a row is a bad row like one naming a missing
 * file, so one broken file does not stop a run. Each file is decoded once more for the check.
 */
final class DecodableRows {
    private DecodableRows() {
    }

    /**
     * The data set without the rows whose files do not decode, listed on {@code err}; its classes
     * are those of the rows kept.
     */
    static RawDataset keep(RawDataset data, int listed, PrintWriter err) {
        List<RawSample> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (RawSample row : data.samples()) {
            String problem = problem(row);
            if (problem == null) {
                kept.add(row);
            } else {
                dropped.add("row '" + row.id() + "': " + problem);
            }
        }
        if (dropped.isEmpty()) {
            return data;
        }
        err.printf("skipped %d row(s) with a file that does not decode:%n", dropped.size());
        dropped.stream().limit(listed).forEach(line -> err.println("  " + line));
        if (dropped.size() > listed) {
            err.printf("  … and %d more%n", dropped.size() - listed);
        }
        List<String> classes = kept.stream().map(RawSample::label).filter(Objects::nonNull).distinct().sorted()
                .toList();
        return new RawDataset(kept, classes, data.skipped());
    }

    /** What is wrong with the row's first file that does not decode, or null. */
    private static String problem(RawSample row) {
        for (Map.Entry<Modality, Path> file : row.files().entrySet()) {
            try {
                if (file.getKey().equals(Modality.AUDIO)) {
                    WavDecoder.decode(file.getValue());
                } else if (file.getKey().equals(Modality.IMAGE)) {
                    ImageDecoder.decode(file.getValue());
                }
            } catch (FusionException e) {
                return file.getKey() + " file " + file.getValue().getFileName() + ": " + e.getMessage();
            }
        }
        return null;
    }
}
