package dev.fusion4j.cli;

import dev.fusion4j.data.InvalidLabelException;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.data.RawInputs;
import dev.fusion4j.dataset.DatasetEncoder;
import dev.fusion4j.dataset.RawSample;
import java.util.ArrayList;
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
     * The rows encoded, each labelled with its label's index in {@code classes}.
     *
     * @throws InvalidLabelException if a row's label is not one of {@code classes}
     */
    static List<MultimodalSample> labelled(DatasetEncoder encoder, List<RawSample> rows, List<String> classes) {
        List<MultimodalSample> encoded = encoder.encode(inputs(rows));
        List<MultimodalSample> labelled = new ArrayList<>(encoded.size());
        for (int i = 0; i < rows.size(); i++) {
            int index = classes.indexOf(rows.get(i).label());
            if (index < 0) {
                throw new InvalidLabelException("row '" + rows.get(i).id() + "' has the label '" + rows.get(i).label()
                        + "', which is not one of the pipeline's classes " + classes);
            }
            labelled.add(encoded.get(i).toBuilder().label(Label.ofClass(index)).build());
        }
        return labelled;
    }
}
