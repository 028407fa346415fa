package dev.fusion4j.model;

import dev.fusion4j.data.Label;
import dev.fusion4j.internal.data.BatchLabels;
import dev.fusion4j.internal.nn.Linear;
import dev.fusion4j.internal.nn.Losses;
import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import dev.fusion4j.internal.tensor.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * A unit embedding of {@code width} values trained as a classifier of its C classes: the output
 * layer computes {@code e = l2normalise(fused W + b)} and the scaled cosines
 * {@code 16 · cos(e, p_c)} to learned class prototypes {@code output.prototypes [width, C]}, and
 * outputs the row {@code [e, cosines]}. The loss is the class-weighted cross-entropy of the
 * cosines' softmax; a prediction is the embedding with that softmax as its class probabilities.
 * Labels and metrics are those of {@link ClassificationHead}.
 */
final class EmbeddingHead extends Head {
    /** The scale of the cosine softmax. */
    static final float COSINE_SCALE = 16f;

    private final int width;

    EmbeddingHead(int width, List<String> classes) {
        super(Kind.EMBEDDING, classes,
                EnumSet.of(Prediction.Part.CLASS, Prediction.Part.PROBABILITIES, Prediction.Part.VALUES));
        if (width < 1) {
            throw new IllegalArgumentException("embedding width must be ≥ 1, got " + width);
        }
        if (classes.size() < 2) {
            throw new IllegalArgumentException("an embedding head is trained on at least 2 classes, got "
                    + classes.size());
        }
        this.width = width;
    }

    @Override
    public int outputs() {
        return width;
    }

    @Override
    OutputLayer outputLayer(int fusedWidth) {
        Linear linear = new Linear("output", fusedWidth, width);
        return new OutputLayer() {
            @Override
            public List<ParameterSpec> parameters() {
                List<ParameterSpec> specs = new ArrayList<>(linear.parameters());
                specs.add(ParameterSpec.of("output.prototypes", Initializer.xavierUniform(), width, classes()));
                return specs;
            }

            @Override
            public Tensor apply(ModuleContext context, Tensor fused) {
                Tensor embedding = Tensors.l2Normalize(linear.apply(context, fused), -1);
                Tensor prototypes = Tensors.l2Normalize(context.parameter("output.prototypes"), 0);
                Tensor cosines = embedding.matmul(prototypes).mul(COSINE_SCALE);
                return context.backend().concat(List.of(embedding, cosines), -1);
            }
        };
    }

    @Override
    Tensor loss(Tensor output, BatchLabels labels, TensorBackend backend, Objective objective) {
        int row = width + classes();
        float[] embeddingColumns = new float[row];
        Arrays.fill(embeddingColumns, 0, width, 1f);
        Tensor cosines = output.maskedFill(backend.fromArray(embeddingColumns, 1, row), -1e9f);
        return ClassificationHead.classLoss(Losses.logSoftmax(cosines), labels, backend, objective, width, row);
    }

    @Override
    Prediction decode(float[] output, int row, Objective objective) {
        int start = row * (width + classes());
        double[] embedding = slice(output, start, width);
        double[] cosines = slice(output, start + width, classes());
        return new Prediction(this, ClassificationHead.softmax(cosines), embedding);
    }

    @Override
    void requireLabel(Label label, String sample) {
        ClassificationHead.requireClass(this, label, sample);
    }

    @Override
    Evaluation metrics(List<Prediction> predictions, List<Label> labels) {
        return ClassificationHead.classMetrics(this, predictions, labels);
    }
}
