package dev.fusion4j.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What the model predicts: classes (softmax, cross-entropy), independent labels (sigmoid, binary
 * cross-entropy), real values (mean squared or absolute error), or an embedding: a unit vector
 * trained with class labels through a cosine softmax over learned class prototypes
 * ({@code 16 · cos(e, p_c)}), so that samples of one class lie close together. Immutable.
 */
public final class Head {
    /** The kinds of prediction. */
    public enum Kind { CLASSIFICATION, MULTI_LABEL, REGRESSION, EMBEDDING }

    private final Kind kind;
    private final List<String> names;
    private final int embeddingWidth;

    private Head(Kind kind, List<String> names) {
        this(kind, names, 0);
    }

    private Head(Kind kind, List<String> names, int embeddingWidth) {
        this.kind = kind;
        this.embeddingWidth = embeddingWidth;
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

    /**
     * A unit-length embedding of {@code width} values, trained to separate {@code classes}.
     */
    public static Head embedding(int width, String... classes) {
        if (width < 1) {
            throw new IllegalArgumentException("embedding width must be ≥ 1, got " + width);
        }
        if (classes.length < 2) {
            throw new IllegalArgumentException("an embedding head is trained on at least 2 classes, got "
                    + classes.length);
        }
        return new Head(Kind.EMBEDDING, List.of(classes), width);
    }

    /** A head read back from a saved model ({@code outputs} matters for embeddings only). */
    static Head of(Kind kind, List<String> names, int outputs) {
        return new Head(kind, names, kind == Kind.EMBEDDING ? outputs : 0);
    }

    public Kind kind() {
        return kind;
    }

    /** The class labels, label names or output names (the training classes of an embedding). */
    public List<String> names() {
        return names;
    }

    /** The number of values predicted: classes, labels, outputs, or the embedding's width. */
    public int outputs() {
        return kind == Kind.EMBEDDING ? embeddingWidth : names.size();
    }

    /** The number of classes a class label may name (classification and embedding heads). */
    public int classes() {
        return names.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Head other && kind == other.kind && names.equals(other.names)
                && embeddingWidth == other.embeddingWidth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, names, embeddingWidth);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + names;
    }
}
