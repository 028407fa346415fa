package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.nn.Linear;
import dev.fusion4j.internal.nn.Pooling;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Late fusion: a head per modality, {@code p_m = softmax(s_m(pool(x_m)) W_m + b_m)} over C classes
 * ({@code head.<modality>.*}), where {@code s_m} is the optional standardisation
 * {@code (v - μ_m) / σ_m} with statistics of the training data (as in {@link EarlyFusion}),
 * combined by a {@link Combiner} into class probabilities
 * {@code [B, C]}. Absent modalities leave the combination. The output is a prediction already:
 * train it with the negative log-likelihood of the combined probabilities.
 */
public final class LateFusion implements FusionOperator {
    private final ModalitySchema schema;
    private final int classes;
    private final Combiner combiner;
    private final Standardisation standardisation;

    /** Late fusion of raw pooled features. */
    public LateFusion(ModalitySchema schema, int classes, Combiner combiner) {
        this(schema, classes, combiner, null);
    }

    /**
     * @param standardisation statistics to standardise each modality's pooled vector with, or
     *     {@code null} for raw features
     */
    public LateFusion(ModalitySchema schema, int classes, Combiner combiner, InputStatistics standardisation) {
        if (classes < 2) {
            throw new IllegalArgumentException("late fusion needs at least 2 classes, got " + classes);
        }
        this.schema = schema;
        this.classes = classes;
        this.combiner = combiner;
        this.standardisation = standardisation == null ? null : new Standardisation(standardisation, schema);
        combiner.parameters(schema.size(), classes);
    }

    @Override
    public ModalitySchema schema() {
        return schema;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        for (Modality modality : schema.modalities()) {
            if (standardisation != null) {
                specs.addAll(standardisation.parameters(modality, schema.width(modality)));
            }
            specs.addAll(head(modality).parameters());
        }
        specs.addAll(combiner.parameters(schema.size(), classes));
        return specs;
    }

    @Override
    public int outputWidth() {
        return classes;
    }

    /** Each modality's class probabilities {@code [B, C]}, in schema order. */
    public List<Tensor> modalityProbabilities(ModuleContext context, FusionInputs inputs) {
        List<Tensor> probabilities = new ArrayList<>();
        for (Modality modality : schema.modalities()) {
            ModalityTensors t = inputs.get(modality);
            Tensor pooled = Pooling.mean(t.values(), t.paddingMask());
            if (standardisation != null) {
                pooled = standardisation.apply(context, modality, pooled);
            }
            probabilities.add(head(modality).apply(context, pooled).softmax(-1));
        }
        return probabilities;
    }

    @Override
    public Tensor fuse(ModuleContext context, FusionInputs inputs) {
        List<Tensor> presence = new ArrayList<>();
        schema.modalities().forEach(m -> presence.add(inputs.get(m).presenceColumn()));
        return combiner.combine(context, modalityProbabilities(context, inputs), presence);
    }

    private Linear head(Modality modality) {
        return new Linear("head." + modality.name(), schema.width(modality), classes);
    }
}
