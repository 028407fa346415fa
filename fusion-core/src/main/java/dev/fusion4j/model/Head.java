package dev.fusion4j.model;

import dev.fusion4j.data.InvalidLabelException;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.data.BatchLabels;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What the model predicts: classes (softmax, cross-entropy), independent labels (sigmoid, binary
 * cross-entropy), real values (mean squared or absolute error), or an embedding: a unit vector
 * trained with class labels through a cosine softmax over learned class prototypes
 * ({@code 16 · cos(e, p_c)}), so that samples of one class lie close together. Immutable.
 *
 * <p>Each kind is one class of this package that owns everything the kind decides: the output
 * layer after the fusion operator, the loss, the decoding of a raw output row into a
 * {@link Prediction}, the labels it accepts and its metrics.
 */
public abstract sealed class Head permits ClassificationHead, MultiLabelHead, RegressionHead, EmbeddingHead {
    /** The kinds of prediction. */
    public enum Kind { CLASSIFICATION, MULTI_LABEL, REGRESSION, EMBEDDING }

    private final Kind kind;
    private final List<String> names;
    private final Set<Prediction.Part> parts;

    /**
     * @param parts what a prediction of this head can be asked for
     */
    Head(Kind kind, List<String> names, Set<Prediction.Part> parts) {
        this.kind = kind;
        this.names = List.copyOf(names);
        this.parts = EnumSet.copyOf(parts);
        if (new HashSet<>(this.names).size() != this.names.size()) {
            throw new IllegalArgumentException("output names must be unique: " + names);
        }
    }

    /**
     * One class out of {@code labels}; class index i of a {@link dev.fusion4j.data.Label} is
     * {@code labels[i]}.
     */
    public static Head classification(String... labels) {
        return new ClassificationHead(List.of(labels));
    }

    /** Any subset of {@code labels}; targets are 0/1 value labels, one per label. */
    public static Head multiLabel(String... labels) {
        return new MultiLabelHead(List.of(labels));
    }

    /** Real-valued outputs, named. */
    public static Head regression(String... outputs) {
        return new RegressionHead(List.of(outputs));
    }

    /**
     * A unit-length embedding of {@code width} values, trained to separate {@code classes}.
     */
    public static Head embedding(int width, String... classes) {
        return new EmbeddingHead(width, List.of(classes));
    }

    /** A head read back from a saved model ({@code outputs} matters for embeddings only). */
    static Head of(Kind kind, List<String> names, int outputs) {
        return switch (kind) {
            case CLASSIFICATION -> new ClassificationHead(names);
            case MULTI_LABEL -> new MultiLabelHead(names);
            case REGRESSION -> new RegressionHead(names);
            case EMBEDDING -> new EmbeddingHead(outputs, names);
        };
    }

    public final Kind kind() {
        return kind;
    }

    /** The class labels, label names or output names (the training classes of an embedding). */
    public final List<String> names() {
        return names;
    }

    /** The number of values predicted: classes, labels, outputs, or the embedding's width. */
    public int outputs() {
        return names.size();
    }

    /** The number of classes a class label may name (classification and embedding heads). */
    public final int classes() {
        return names.size();
    }

    /** Whether this head's predictions name a class ({@link Prediction#classIndex()}, {@link Prediction#label()}). */
    public final boolean predictsClass() {
        return offers(Prediction.Part.CLASS);
    }

    /** Whether a prediction of this head can be asked for {@code part}. */
    final boolean offers(Prediction.Part part) {
        return parts.contains(part);
    }

    /**
     * The number of classes whose probabilities late fusion combines, for a head that may follow
     * it; then the fusion operator's output is already the prediction and no output layer follows.
     *
     * @throws IllegalArgumentException for a head that does not predict one class
     */
    int lateFusionClasses() {
        throw new IllegalArgumentException("late fusion combines class probabilities, so it needs "
                + "Head.classification(...); for a " + kind + " head use early or intermediate fusion");
    }

    /**
     * The layer after a fusion operator whose output has {@code fusedWidth} features: here
     * {@code fused W + b}, one column per output.
     */
    OutputLayer outputLayer(int fusedWidth) {
        return OutputLayer.linear(fusedWidth, outputs());
    }

    /** The mean loss of a batch's raw output against its labels. */
    abstract Tensor loss(Tensor output, BatchLabels labels, TensorBackend backend, Objective objective);

    /** Turns row {@code row} of a batch's raw output into a prediction. */
    abstract Prediction decode(float[] output, int row, Objective objective);

    /**
     * @param sample the sample, for the message
     * @throws InvalidLabelException if {@code label} does not fit this head
     */
    abstract void requireLabel(Label label, String sample);

    /** The metrics of {@code predictions} against {@code labels} (same order). */
    abstract Evaluation metrics(List<Prediction> predictions, List<Label> labels);

    /**
     * The metrics of {@code predictions} against the labels of {@code samples} (same order).
     *
     * @throws IllegalArgumentException if a sample has no label
     */
    final Evaluation evaluate(List<Prediction> predictions, List<MultimodalSample> samples) {
        List<Label> labels = new ArrayList<>(samples.size());
        for (MultimodalSample sample : samples) {
            labels.add(sample.label().orElseThrow(() -> new IllegalArgumentException("sample "
                    + sample.id().orElse("without id") + " has no label to evaluate against")));
        }
        return metrics(predictions, labels);
    }

    /** Requires a value label with one value per output. */
    final void requireValues(Label label, String sample) {
        if (label.isClass() || label.size() != outputs()) {
            throw new InvalidLabelException(sample + " has label " + label + "; expected " + outputs() + " values "
                    + names);
        }
    }

    /** The value labels of a batch as targets {@code [B, outputs]}. */
    final Tensor valueTargets(BatchLabels labels, TensorBackend backend) {
        float[] values = labels.values();
        return backend.fromArray(values, values.length / outputs(), outputs());
    }

    /** {@code length} values of {@code output} from {@code offset}, as doubles. */
    static double[] slice(float[] output, int offset, int length) {
        double[] values = new double[length];
        for (int j = 0; j < length; j++) {
            values[j] = output[offset + j];
        }
        return values;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof Head other && kind == other.kind && names.equals(other.names)
                && outputs() == other.outputs();
    }

    @Override
    public final int hashCode() {
        return Objects.hash(kind, names, outputs());
    }

    @Override
    public final String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + names;
    }
}
