package dev.fusion4j.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What the model predicts: classes (softmax, cross-entropy), independent labels (sigmoid, binary
 * cross-entropy) or real values (mean squared or absolute error). Immutable.
 */
public final class Head {
    /** The kinds of prediction. */
    public enum Kind { CLASSIFICATION, MULTI_LABEL, REGRESSION }

    private final Kind kind;
    private final List<String> names;

    private Head(Kind kind, List<String> names) {
        this.kind = kind;
        this.names = List.copyOf(names);
        if (new HashSet<>(this.names).size() != this.names.size()) {
            throw new IllegalArgumentException("output names must be unique: " + names);
        }
        this.names.forEach(name -> Objects.requireNonNull(name, "output name"));
    }

    /**
     * One class out of {@code labels}; class index i of a {@link dev.fusion4j.data.Label} is
     * {@code labels[i]}.
     */
    public static Head classification(String... labels) {
        if (labels.length < 2) {
            throw new IllegalArgumentException("classification needs at least 2 labels, got " + labels.length);
        }
        return new Head(Kind.CLASSIFICATION, List.of(labels));
    }

    /** Any subset of {@code labels}; targets are 0/1 value labels, one per label. */
    public static Head multiLabel(String... labels) {
        if (labels.length < 1) {
            throw new IllegalArgumentException("multi-label classification needs at least 1 label");
        }
        return new Head(Kind.MULTI_LABEL, List.of(labels));
    }

    /** Real-valued outputs, named. */
    public static Head regression(String... outputs) {
        if (outputs.length < 1) {
            throw new IllegalArgumentException("regression needs at least 1 output");
        }
        return new Head(Kind.REGRESSION, List.of(outputs));
    }

    static Head of(Kind kind, List<String> names) {
        return new Head(kind, names);
    }

    public Kind kind() {
        return kind;
    }

    /** The class labels, label names or output names. */
    public List<String> names() {
        return names;
    }

    /** The number of outputs. */
    public int outputs() {
        return names.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Head other && kind == other.kind && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, names);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + names;
    }
}
