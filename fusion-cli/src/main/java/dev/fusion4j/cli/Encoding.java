package dev.fusion4j.cli;

import dev.fusion4j.data.InvalidLabelException;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.data.RawInputs;
import dev.fusion4j.dataset.DatasetEncoder;
import dev.fusion4j.dataset.RawDataset;
import dev.fusion4j.dataset.RawSample;
import java.util.List;

/** Manifest rows to encoded samples. */
final class Encoding {
    private Encoding() {
    }

    /** The rows' inputs, under their ids. */
    static List<RawInputs> inputs(List<RawSample> rows) {
        return rows.stream().map(RawInputs::of).toList();
    }

    /**
     * The rows encoded, each labelled with its label's index in {@code classes}; the labels are
     * checked before anything is encoded.
     *
     * @throws InvalidLabelException if a row's label is not one of {@code classes}
     */
    static List<MultimodalSample> labelled(DatasetEncoder encoder, List<RawSample> rows, List<String> classes) {
        for (RawSample row : rows) {
            if (!classes.contains(row.label())) {
                throw new InvalidLabelException("row '" + row.id() + "' has the label '" + row.label()
                        + "', which is not one of the pipeline's classes " + classes);
            }
        }
        return encoder.encode(new RawDataset(rows, classes, List.of()));
    }
}
