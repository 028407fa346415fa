package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.nn.AttentionBlock;
import dev.fusion4j.internal.nn.AttentionBudget;
import dev.fusion4j.internal.nn.Pooling;
import dev.fusion4j.internal.nn.PositionalEncoding;
import dev.fusion4j.internal.nn.ResidualBlock;
import dev.fusion4j.internal.nn.TransformerEncoder;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.model.MissingModality;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Multimodal Transformer, MulT (Tsai et al. 2019, §3): cross-modal attention between every
 * ordered pair of modalities, a self-attention transformer per target, and a residual block.
 *
 * <ol>
 * <li>Each modality's sequence is projected to width d (plus sinusoidal positions).
 * <li>For every ordered pair (i, j), i ≠ j, L pre-norm cross-modal layers let i's steps attend to
 *     j's ({@link AttentionBlock}, H heads, keys normalised from j's projected sequence at every
 *     layer, key-padding mask of j). Parameters {@code cross.<i>_from_<j>.<layer>.*}.
 * <li>For each target i the outputs from all j are concatenated ({@code [B, T_i, (M-1) d]}) and
 *     pass S pre-norm self-attention layers with a final layer norm ({@link TransformerEncoder},
 *     key-padding mask of i; parameters {@code self.<i>.*}); S = 0 skips this.
 * <li>The result is mean-pooled over i's valid steps — never the last time step, which MulT takes
 *     and which is wrong for padded sequences. An absent target is replaced by its missing
 *     substitute ({@code null.<i>}); an absent source has no valid key and contributes the
 *     attention's output bias only.
 * <li>The pooled targets are concatenated ({@code [B, M (M-1) d]}, the output width) and, if on,
 *     pass MulT's residual block {@code h + dropout(ReLU(h W_1 + b_1)) W_2 + b_2}
 *     ({@link ResidualBlock}, parameters {@code residual.*}); the model's head is the output layer.
 * </ol>
 *
 * Before anything is computed, the memory of the attention scores of the whole pass is estimated
 * from the input shapes and checked against an {@link AttentionBudget}.
 */
public final class CrossModalAttentionFusion implements FusionOperator {
    private final ModalitySchema schema;
    private final Projection projection;
    private final int heads;
    private final int layers;
    private final boolean positions;
    private final MissingSubstitute missing;
    private final List<List<AttentionBlock>> blocks = new ArrayList<>();
    private final List<TransformerEncoder> selfAttention = new ArrayList<>();
    private final ResidualBlock residual;
    private final AttentionBudget budget;

    private CrossModalAttentionFusion(Builder builder) {
        if (builder.schema.size() < 2) {
            throw new IllegalArgumentException("cross-modal attention needs at least two modalities, got "
                    + builder.schema.modalities());
        }
        if (builder.layers < 1) {
            throw new IllegalArgumentException("cross-modal attention needs at least one layer, got " + builder.layers);
        }
        if (builder.selfAttentionLayers < 0) {
            throw new IllegalArgumentException("self-attention layers per target must be ≥ 0, got "
                    + builder.selfAttentionLayers);
        }
        this.schema = builder.schema;
        this.projection = Projection.linear(schema, builder.width);
        this.heads = builder.heads;
        this.layers = builder.layers;
        this.positions = builder.positions;
        this.missing = new MissingSubstitute(builder.missing, "null");
        this.budget = builder.budget;
        for (Modality target : schema.modalities()) {
            for (Modality source : schema.modalities()) {
                if (!target.equals(source)) {
                    List<AttentionBlock> stack = new ArrayList<>();
                    for (int l = 0; l < layers; l++) {
                        stack.add(new AttentionBlock("cross." + target.name() + "_from_" + source.name() + "." + l,
                                builder.width, heads, builder.dropout, true));
                    }
                    blocks.add(stack);
                }
            }
            if (builder.selfAttentionLayers > 0) {
                selfAttention.add(new TransformerEncoder("self." + target.name(), targetWidth(), heads,
                        builder.selfAttentionLayers, builder.dropout));
            }
        }
        this.residual = builder.residualBlock ? new ResidualBlock("residual", outputWidth(), builder.dropout) : null;
    }

    public static Builder builder(ModalitySchema schema) {
        return new Builder(schema);
    }

    @Override
    public ModalitySchema schema() {
        return schema;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>(projection.parameters());
        blocks.forEach(stack -> stack.forEach(block -> specs.addAll(block.parameters())));
        selfAttention.forEach(encoder -> specs.addAll(encoder.parameters()));
        for (Modality modality : schema.modalities()) {
            specs.addAll(missing.parameters(modality, targetWidth()));
        }
        if (residual != null) {
            specs.addAll(residual.parameters());
        }
        return specs;
    }

    @Override
    public int outputWidth() {
        return schema.size() * targetWidth();
    }

    private int targetWidth() {
        return (schema.size() - 1) * projection.width();
    }

    /**
     * @throws dev.fusion4j.model.AttentionBudgetException if the pass's attention scores would
     *     exceed the budget; checked before anything is computed
     */
    @Override
    public Tensor fuse(ModuleContext context, FusionInputs inputs) {
        checkBudget(inputs);
        List<Modality> modalities = schema.modalities();
        List<Tensor> sequences = new ArrayList<>();
        for (Modality modality : modalities) {
            Tensor projected = projection.apply(context, modality, inputs.get(modality).values());
            sequences.add(positions ? PositionalEncoding.add(projected) : projected);
        }
        List<Tensor> pooled = new ArrayList<>();
        int pair = 0;
        for (int i = 0; i < modalities.size(); i++) {
            List<Tensor> fromOthers = new ArrayList<>();
            for (int j = 0; j < modalities.size(); j++) {
                if (i == j) {
                    continue;
                }
                Tensor x = sequences.get(i);
                Tensor keyMask = inputs.get(modalities.get(j)).paddingMask();
                for (AttentionBlock block : blocks.get(pair)) {
                    x = block.apply(context, x, sequences.get(j), keyMask);
                }
                fromOthers.add(x);
                pair++;
            }
            ModalityTensors target = inputs.get(modalities.get(i));
            Tensor joined = context.backend().concat(fromOthers, -1);
            if (!selfAttention.isEmpty()) {
                joined = selfAttention.get(i).apply(context, joined, target.paddingMask());
            }
            Tensor mean = Pooling.mean(joined, target.paddingMask());
            pooled.add(missing.apply(context, modalities.get(i), mean, target.presence()));
        }
        Tensor fused = context.backend().concat(pooled, -1);
        return residual == null ? fused : residual.apply(context, fused);
    }

    private void checkBudget(FusionInputs inputs) {
        long batch = inputs.batchSize();
        int selfLayers = selfAttention.isEmpty() ? 0 : selfAttention.get(0).layers();
        Map<String, Long> steps = new LinkedHashMap<>();
        double bytes = 0;
        for (Modality target : schema.modalities()) {
            long queries = inputs.get(target).values().size(1);
            steps.put(target.name(), queries);
            for (Modality source : schema.modalities()) {
                long keys = inputs.get(source).values().size(1);
                int depth = target.equals(source) ? selfLayers : layers;
                bytes += depth * AttentionBudget.layerBytes(batch, heads, queries, keys);
            }
        }
        budget.check(bytes, "cross-modal attention (batch " + batch + ", " + heads + " heads, " + layers
                + " cross-modal and " + selfLayers + " self-attention layers, steps " + steps + ")");
    }

    /**
     * Settings; defaults: width 32, 4 heads, 2 cross-modal layers, 2 self-attention layers per
     * target, the residual block on (MulT complete), dropout 0.1, positions on, learned null, an
     * attention budget of 1 GiB.
     */
    public static final class Builder {
        private final ModalitySchema schema;
        private int width = 32;
        private int heads = 4;
        private int layers = 2;
        private int selfAttentionLayers = 2;
        private boolean residualBlock = true;
        private float dropout = 0.1f;
        private boolean positions = true;
        private MissingModality missing = MissingModality.LEARNED_NULL;
        private AttentionBudget budget = AttentionBudget.defaults();

        private Builder(ModalitySchema schema) {
            this.schema = schema;
        }

        /** The model width d, a multiple of the number of heads. */
        public Builder width(int width) {
            this.width = width;
            return this;
        }

        public Builder heads(int heads) {
            this.heads = heads;
            return this;
        }

        /** Cross-modal layers per ordered pair of modalities, at least 1. */
        public Builder layers(int layers) {
            this.layers = layers;
            return this;
        }

        /** Self-attention layers over each target's concatenated sequence; 0 leaves them out. */
        public Builder selfAttentionLayers(int selfAttentionLayers) {
            this.selfAttentionLayers = selfAttentionLayers;
            return this;
        }

        /** Whether MulT's residual block follows the concatenated, pooled targets. */
        public Builder residualBlock(boolean residualBlock) {
            this.residualBlock = residualBlock;
            return this;
        }

        public Builder dropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /** Whether sinusoidal positions are added to each projected sequence. */
        public Builder positions(boolean positions) {
            this.positions = positions;
            return this;
        }

        public Builder missing(MissingModality missing) {
            this.missing = missing;
            return this;
        }

        /** The most memory the attention scores of one forward pass may take. */
        public Builder attentionBudget(AttentionBudget budget) {
            this.budget = budget;
            return this;
        }

        public CrossModalAttentionFusion build() {
            return new CrossModalAttentionFusion(this);
        }
    }
}
