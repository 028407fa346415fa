package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.nn.Activation;
import dev.fusion4j.internal.nn.Pooling;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.model.MissingModality;
import java.util.ArrayList;
import java.util.List;

/**
 * Intermediate fusion of vectors: each modality is projected to a shared width d
 * ({@link Projection}; by default {@code GELU(LN(x W_m + b_m))}, as {@code Fusion.intermediate()}
 * does), mean-pooled over its valid steps, replaced by its missing substitute where
 * absent, then combined by a {@link VectorFusion} (concat + MLP, sum, attention-weighted sum, GMU,
 * TFN or LMF).
 *
 * <pre>{@code
 * FusionOperator lmf = IntermediateFusion.builder(schema).width(32).combine(LowRankFusion.factory(4, 64)).build();
 * }</pre>
 */
public final class IntermediateFusion implements FusionOperator {
    private final ModalitySchema schema;
    private final Projection projection;
    private final MissingSubstitute missing;
    private final VectorFusion combiner;

    private IntermediateFusion(Builder builder) {
        this.schema = builder.schema;
        this.projection = new Projection(schema, builder.width, builder.layerNorm, builder.activation);
        this.missing = new MissingSubstitute(builder.missing, "null");
        this.combiner = builder.combine.create(schema.size(), builder.width);
    }

    public static Builder builder(ModalitySchema schema) {
        return new Builder(schema);
    }

    /** The combining step. */
    public VectorFusion combiner() {
        return combiner;
    }

    @Override
    public ModalitySchema schema() {
        return schema;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>(projection.parameters());
        for (Modality modality : schema.modalities()) {
            specs.addAll(missing.parameters(modality, projection.width()));
        }
        specs.addAll(combiner.parameters());
        return specs;
    }

    @Override
    public int outputWidth() {
        return combiner.outputWidth();
    }

    /** The per-modality vectors {@code h_m [B, d]} the combiner sees. */
    public List<Tensor> modalityVectors(ModuleContext context, FusionInputs inputs) {
        List<Tensor> vectors = new ArrayList<>();
        for (Modality modality : schema.modalities()) {
            ModalityTensors t = inputs.get(modality);
            Tensor pooled = Pooling.mean(projection.apply(context, modality, t.values()), t.paddingMask());
            vectors.add(missing.apply(context, modality, pooled, t.presence()));
        }
        return vectors;
    }

    @Override
    public Tensor fuse(ModuleContext context, FusionInputs inputs) {
        List<Tensor> presence = new ArrayList<>();
        schema.modalities().forEach(m -> presence.add(inputs.get(m).presence()));
        return combiner.fuse(context, modalityVectors(context, inputs), presence);
    }

    /** Settings of an {@link IntermediateFusion}; {@link #combine} is required. */
    public static final class Builder {
        private final ModalitySchema schema;
        private int width = 64;
        private boolean layerNorm = true;
        private Activation activation = Activation.GELU;
        private MissingModality missing = MissingModality.LEARNED_NULL;
        private VectorFusion.Factory combine;

        private Builder(ModalitySchema schema) {
            this.schema = schema;
        }

        /** The shared projection width d (default 64). */
        public Builder width(int width) {
            this.width = width;
            return this;
        }

        /**
         * Whether layer norm, and which activation, follow each modality's linear projection
         * (default: layer norm, then GELU; {@code projection(false, Activation.NONE)} for a plain
         * linear projection).
         */
        public Builder projection(boolean layerNorm, Activation activation) {
            this.layerNorm = layerNorm;
            this.activation = activation;
            return this;
        }

        /** What replaces an absent modality (default: a learned null embedding). */
        public Builder missing(MissingModality missing) {
            this.missing = missing;
            return this;
        }

        public Builder combine(VectorFusion.Factory combine) {
            this.combine = combine;
            return this;
        }

        /**
         * @throws IllegalStateException if no combining step was given
         */
        public IntermediateFusion build() {
            if (combine == null) {
                throw new IllegalStateException("choose how to combine the modalities: combine(SumFusion.factory()), "
                        + "AttentionSumFusion, GatedFusion, TensorFusion, LowRankFusion or ConcatMlpFusion");
            }
            return new IntermediateFusion(this);
        }
    }
}
