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
    private final Head head;
    private final double[] scores;
    private final double[] classProbabilities;

    Prediction(Head head, double[] scores, double[] classProbabilities) {
        this.head = head;
        this.scores = scores;
        this.classProbabilities = classProbabilities;
    }

    public Head.Kind kind() {
        return head.kind();
    }

    /**
     * The most probable class index.
     *
     * @throws IllegalStateException unless this is a classification
     */
    public int classIndex() {
        if (head.kind() != Head.Kind.CLASSIFICATION && head.kind() != Head.Kind.EMBEDDING) {
            throw new IllegalStateException("a " + head.kind() + " prediction has no class");
        }
        int best = 0;
        for (int c = 1; c < classProbabilities.length; c++) {
            if (classProbabilities[c] > classProbabilities[best]) {
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
        if (head.kind() == Head.Kind.REGRESSION) {
            throw new IllegalStateException("a regression predicts values, not probabilities");
        }
        return classProbabilities.clone();
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
     */
    public List<String> labelsAbove(double threshold) {
        requireKind(Head.Kind.MULTI_LABEL);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] >= threshold) {
                labels.add(head.names().get(i));
            }
        }
        return labels;
    }

    /**
     * A copy of the predicted values (regression) or of the unit embedding (embedding).
     */
    public double[] values() {
        if (head.kind() != Head.Kind.REGRESSION && head.kind() != Head.Kind.EMBEDDING) {
            throw new IllegalStateException("a " + head.kind() + " prediction has probabilities, not values");
        }
        return scores.clone();
    }

    private void requireKind(Head.Kind kind) {
        if (head.kind() != kind) {
            throw new IllegalStateException("this is a " + head.kind() + " prediction, not " + kind);
        }
    }

    @Override
    public String toString() {
        return head.kind() == Head.Kind.CLASSIFICATION || head.kind() == Head.Kind.EMBEDDING
                ? "Prediction[" + label() + ", " + Arrays.toString(classProbabilities) + "]"
                : "Prediction" + Arrays.toString(scores);
    }
}
