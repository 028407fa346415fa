package dev.fusion4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One sample's prediction: class probabilities (classification), label probabilities
 * (multi-label), values (regression), or a unit embedding with the probabilities of its nearest
 * class prototypes (embedding). Immutable.
 */
public final class Prediction {
    /** What a prediction can be asked for; its head says which parts it has. */
    enum Part {
        /** {@link #classIndex()} and {@link #label()}. */
        CLASS,
        /** {@link #probabilities()} and {@link #probability(String)}. */
        PROBABILITIES,
        /** {@link #labelsAbove(double)}. */
        LABELS,
        /** {@link #values()}. */
        VALUES
    }

    private final Head head;
    private final double[] probabilities;
    private final double[] values;

    /**
     * @param probabilities one per class or label, or null if the head offers none
     * @param values the values or the embedding, or null if the head offers none
     */
    Prediction(Head head, double[] probabilities, double[] values) {
        this.head = head;
        this.probabilities = probabilities;
        this.values = values;
    }

    public Head.Kind kind() {
        return head.kind();
    }

    /**
     * The most probable class index.
     *
     * @throws IllegalStateException unless this is a classification or an embedding
     */
    public int classIndex() {
        require(Part.CLASS, "has no class");
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The most probable class's label. */
    public String label() {
        return head.names().get(classIndex());
    }

    /**
     * A copy of the probabilities, one per class or label.
     *
     * @throws IllegalStateException for a regression
     */
    public double[] probabilities() {
        require(Part.PROBABILITIES, "has values, not probabilities");
        return probabilities.clone();
    }

    /** The probability of the named class or label. */
    public double probability(String name) {
        int index = head.names().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no output '" + name + "'; outputs are " + head.names());
        }
        return probabilities()[index];
    }

    /**
     * The labels whose probability is at least {@code threshold} (multi-label).
     *
     * @throws IllegalStateException unless this is a multi-label prediction
     */
    public List<String> labelsAbove(double threshold) {
        require(Part.LABELS, "has no independent labels to threshold");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i] >= threshold) {
                labels.add(head.names().get(i));
            }
        }
        return labels;
    }

    /**
     * A copy of the predicted values (regression) or of the unit embedding (embedding).
     *
     * @throws IllegalStateException for a classification or multi-label prediction
     */
    public double[] values() {
        require(Part.VALUES, "has probabilities, not values");
        return values.clone();
    }

    private void require(Part part, String otherwise) {
        if (!head.offers(part)) {
            throw new IllegalStateException("a " + head.kind() + " prediction " + otherwise);
        }
    }

    @Override
    public String toString() {
        return head.offers(Part.CLASS)
                ? "Prediction[" + label() + ", " + Arrays.toString(probabilities) + "]"
                : "Prediction" + Arrays.toString(probabilities == null ? values : probabilities);
    }
}
