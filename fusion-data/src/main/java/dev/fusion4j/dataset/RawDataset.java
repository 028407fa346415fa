package dev.fusion4j.dataset;

import java.util.List;

/**
 * What a reader returns: the samples in file order, the sorted class names their labels use, and
 * the rows left out under {@code skipBadRows()} (always empty without it). Immutable.
 *
 * @param samples the samples read, in file order
 * @param classes the distinct labels of {@code samples}, sorted; a label's index here is its class
 *                index
 * @param skipped the bad rows left out, in file order
 */
public record RawDataset(List<RawSample> samples, List<String> classes, List<SkippedRow> skipped) {
    public RawDataset {
        samples = List.copyOf(samples);
        classes = List.copyOf(classes);
        skipped = List.copyOf(skipped);
    }

    /**
     * The index of a class name in {@link #classes()}.
     *
     * @throws IllegalArgumentException for a name that is not a class of this data set
     */
    public int classIndex(String label) {
        int index = classes.indexOf(label);
        if (index < 0) {
            throw new IllegalArgumentException("'" + label + "' is not one of the classes " + classes);
        }
        return index;
    }
}
