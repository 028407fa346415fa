package dev.fusion4j.fusion;

import dev.fusion4j.data.Modality;
import dev.fusion4j.nn.AttentionBlock;
import dev.fusion4j.nn.Pooling;
import dev.fusion4j.nn.PositionalEncoding;
import dev.fusion4j.tensor.ModuleContext;
import dev.fusion4j.tensor.ParameterSpec;
import dev.fusion4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Cross-modal attention fusion in the style of MulT (Tsai et al. 2019). Each modality's sequence
 * is projected to width d (plus sinusoidal positions); for every ordered pair (i, j), i ≠ j, L
 * pre-norm transformer layers let i's steps attend to j's ({@link AttentionBlock}, H heads,
 * key-padding masks of j). For each target i the outputs from all j are concatenated
 * ({@code [B, T_i, (M-1) d]}) and mean-pooled over i's valid steps — never the last time step,
 * which MulT takes and which is wrong for padded sequences. An absent target is replaced by its
 * missing substitute; an absent source has no valid key and contributes nothing. Output width
 * {@code M (M - 1) d}.
 */
public final class CrossModalAttentionFusion implements FusionOperator {
    private final ModalitySchema schema;
    private final Projection projection;
    private final int layers;
    private final boolean positions;
    private final MissingSubstitute missing;
    private final List<List<AttentionBlock>> blocks = new ArrayList<>();

    private CrossModalAttentionFusion(Builder builder) {
        if (builder.schema.size() < 2) {
            throw new IllegalArgumentException("cross-modal attention needs at least two modalities, got "
                    + builder.schema.modalities());
        }
        if (builder.layers < 1) {
            throw new IllegalArgumentException("cross-modal attention needs at least one layer, got " + builder.layers);
        }
        this.schema = builder.schema;
        this.projection = Projection.linear(schema, builder.width);
        this.layers = builder.layers;
        this.positions = builder.positions;
        this.missing = new MissingSubstitute(builder.missing, "null");
        for (Modality target : schema.modalities()) {
            for (Modality source : schema.modalities()) {
                if (!target.equals(source)) {
                    List<AttentionBlock> stack = new ArrayList<>();
                    for (int l = 0; l < layers; l++) {
                        stack.add(new AttentionBlock("cross." + target.name() + "_from_" + source.name() + "." + l,
                                builder.width, builder.heads, builder.dropout, true));
                    }
                    blocks.add(stack);
                }
            }
        }
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
        for (Modality modality : schema.modalities()) {
            specs.addAll(missing.parameters(modality, targetWidth()));
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

    @Override
    public Tensor fuse(ModuleContext context, FusionInputs inputs) {
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
            Tensor mean = Pooling.mean(context.backend().concat(fromOthers, -1), target.paddingMask());
            pooled.add(missing.apply(context, modalities.get(i), mean, target.presence()));
        }
        return context.backend().concat(pooled, -1);
    }

    /** Settings; defaults: width 32, 4 heads, 2 layers, dropout 0.1, positions on, learned null. */
    public static final class Builder {
        private final ModalitySchema schema;
        private int width = 32;
        private int heads = 4;
        private int layers = 2;
        private float dropout = 0.1f;
        private boolean positions = true;
        private MissingModality missing = MissingModality.LEARNED_NULL;

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

        public Builder layers(int layers) {
            this.layers = layers;
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

        public CrossModalAttentionFusion build() {
            return new CrossModalAttentionFusion(this);
        }
    }
}
