package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.nn.AttentionBudget;
import dev.fusion4j.internal.nn.Pooling;
import dev.fusion4j.internal.nn.PositionalEncoding;
import dev.fusion4j.internal.nn.TransformerEncoder;
import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Self-attention over the tokens of all modalities together: each sequence is projected to width
 * d, given sinusoidal positions and a learned modality-type embedding ({@code type.<modality>}),
 * the sequences are concatenated in time ({@code [B, Σ T_m, d]}, their padding masks likewise, so
 * absent modalities and padding are never attended to), L pre-norm transformer layers follow, then
 * a final layer norm and the masked mean over valid tokens. Output width d. Before anything is
 * computed, the memory of the attention scores is checked against an {@link AttentionBudget}.
 */
public final class SelfAttentionFusion implements FusionOperator {
    private final ModalitySchema schema;
    private final Projection projection;
    private final int heads;
    private final TransformerEncoder encoder;
    private final AttentionBudget budget;

    private SelfAttentionFusion(ModalitySchema schema, int width, int heads, int layers, float dropout,
                                AttentionBudget budget) {
        this.schema = schema;
        this.projection = Projection.linear(schema, width);
        this.heads = heads;
        this.encoder = new TransformerEncoder("self", width, heads, layers, dropout);
        this.budget = budget;
    }

    /**
     * With the default attention budget of 1 GiB.
     *
     * @param width model width d, a multiple of {@code heads}
     */
    public static SelfAttentionFusion of(ModalitySchema schema, int width, int heads, int layers, float dropout) {
        return of(schema, width, heads, layers, dropout, AttentionBudget.defaults());
    }

    /**
     * @param width model width d, a multiple of {@code heads}
     * @param budget the most memory the attention scores of one forward pass may take
     */
    public static SelfAttentionFusion of(ModalitySchema schema, int width, int heads, int layers, float dropout,
                                         AttentionBudget budget) {
        return new SelfAttentionFusion(schema, width, heads, layers, dropout, budget);
    }

    @Override
    public ModalitySchema schema() {
        return schema;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>(projection.parameters());
        for (Modality modality : schema.modalities()) {
            specs.add(ParameterSpec.of(typeName(modality), Initializer.normal(0.02f), projection.width()));
        }
        specs.addAll(encoder.parameters());
        return specs;
    }

    @Override
    public int outputWidth() {
        return projection.width();
    }

    /**
     * @throws dev.fusion4j.model.AttentionBudgetException if the pass's attention scores would
     *     exceed the budget; checked before anything is computed
     */
    @Override
    public Tensor fuse(ModuleContext context, FusionInputs inputs) {
        checkBudget(inputs);
        List<Tensor> tokens = new ArrayList<>();
        List<Tensor> masks = new ArrayList<>();
        for (Modality modality : schema.modalities()) {
            ModalityTensors t = inputs.get(modality);
            Tensor projected = PositionalEncoding.add(projection.apply(context, modality, t.values()));
            tokens.add(projected.add(context.parameter(typeName(modality))));
            masks.add(t.paddingMask().mul(t.presenceColumn()));
        }
        Tensor mask = context.backend().concat(masks, 1);
        return Pooling.mean(encoder.apply(context, context.backend().concat(tokens, 1), mask), mask);
    }

    private void checkBudget(FusionInputs inputs) {
        long batch = inputs.batchSize();
        long tokens = 0;
        for (Modality modality : schema.modalities()) {
            tokens += inputs.get(modality).values().size(1);
        }
        budget.check(encoder.layers() * AttentionBudget.layerBytes(batch, heads, tokens, tokens),
                "self-attention fusion (batch " + batch + ", " + heads + " heads, " + encoder.layers()
                        + " layers, " + tokens + " tokens of all modalities)");
    }

    private static String typeName(Modality modality) {
        return "type." + modality.name();
    }
}
