package dev.fusion4j.model;

import dev.fusion4j.internal.nn.AttentionBudget;
import java.util.Arrays;
import java.util.List;

/**
 * Starting points for a {@link FusionStrategy}:
 *
 * <pre>{@code
 * Fusion.early().standardised()
 * Fusion.intermediate().width(64).lowRank(4, 32)
 * Fusion.intermediate().width(32).crossAttention(4, 2)
 * Fusion.intermediate().width(32).crossAttention(4, 2).selfAttentionLayers(0).attentionBudget(4L << 30)
 * Fusion.late().productOfExperts()
 * }</pre>
 */
public final class Fusion {
    private Fusion() {
    }

    /** Concatenated pooled features (raw; {@code .standardised()} to standardise). */
    public static FusionStrategy.Early early() {
        return new FusionStrategy.Early(false, MissingModality.ZERO);
    }

    /** Intermediate fusion; finish with the combining step. */
    public static Intermediate intermediate() {
        return new Intermediate(64, 0.1f, MissingModality.LEARNED_NULL);
    }

    /** Late fusion; finish with the combination rule. */
    public static Late late() {
        return new Late(false);
    }

    /**
     * Settings of intermediate fusion, immutable: each method returns a new value. Defaults:
     * width 64, dropout 0.1, learned null embeddings for missing modalities. The vector combiners
     * ({@code sum} to {@code lowRank}) project each modality by {@code GELU(LayerNorm(x W_m + b_m))};
     * the attention strategies by a plain linear map, since their transformer layers normalise.
     * The strategy each finishing method makes checks the settings ({@link FusionStrategy.Intermediate},
     * {@link FusionStrategy.Attention}).
     */
    public static final class Intermediate {
        private final int width;
        private final float dropout;
        private final MissingModality missing;

        private Intermediate(int width, float dropout, MissingModality missing) {
            this.width = width;
            this.dropout = dropout;
            this.missing = missing;
        }

        /** The shared width every modality is projected to (the model width for attention). */
        public Intermediate width(int width) {
            return new Intermediate(width, dropout, missing);
        }

        public Intermediate dropout(float dropout) {
            return new Intermediate(width, dropout, missing);
        }

        public Intermediate missing(MissingModality missing) {
            return new Intermediate(width, dropout, missing);
        }

        public FusionStrategy sum() {
            return vector(FusionStrategy.Combine.SUM, 0, 0, List.of());
        }

        /**
         * Concatenation followed by an MLP of the given hidden widths, each layer followed by GELU and
         * dropout (so one width already makes it nonlinear); the head is its output layer.
         */
        public FusionStrategy concatMlp(int... hiddenWidths) {
            return vector(FusionStrategy.Combine.CONCAT_MLP, 0, 0, Arrays.stream(hiddenWidths).boxed().toList());
        }

        /** Attention-weighted sum over modalities. */
        public FusionStrategy attention() {
            return vector(FusionStrategy.Combine.ATTENTION, 0, 0, List.of());
        }

        /** Gated multimodal unit. */
        public FusionStrategy gated() {
            return vector(FusionStrategy.Combine.GATED, 0, 0, List.of());
        }

        /** Tensor fusion (TFN); its output is (width + 1)^M wide, so keep the width small. */
        public FusionStrategy tensor() {
            return vector(FusionStrategy.Combine.TENSOR, 0, 0, List.of());
        }

        /** Low-rank fusion (LMF) of the given rank and output width. */
        public FusionStrategy lowRank(int rank, int outputWidth) {
            return vector(FusionStrategy.Combine.LOW_RANK, rank, outputWidth, List.of());
        }

        /**
         * The Multimodal Transformer (MulT): {@code layers} cross-modal attention layers for every
         * ordered pair of modalities, then by default as many self-attention layers over each target's
         * concatenated sequence and MulT's residual block before the head, as in the paper; change
         * them with {@link FusionStrategy.Attention#selfAttentionLayers(int)} (0 allowed) and
         * {@link FusionStrategy.Attention#residualBlock(boolean)}. The attention scores of one forward
         * pass may take 1 GiB ({@link FusionStrategy.Attention#attentionBudget(long)}).
         */
        public FusionStrategy.Attention crossAttention(int heads, int layers) {
            return new FusionStrategy.Attention(true, width, heads, layers, dropout, missing, layers, true,
                    AttentionBudget.DEFAULT_BYTES);
        }

        /**
         * Self-attention over the tokens of all modalities with modality-type embeddings; the attention
         * scores of one forward pass may take 1 GiB ({@link FusionStrategy.Attention#attentionBudget(long)}).
         */
        public FusionStrategy.Attention selfAttention(int heads, int layers) {
            return new FusionStrategy.Attention(false, width, heads, layers, dropout, missing, 0, false,
                    AttentionBudget.DEFAULT_BYTES);
        }

        private FusionStrategy vector(FusionStrategy.Combine combine, int rank, int outputWidth, List<Integer> hidden) {
            return new FusionStrategy.Intermediate(combine, width, dropout, missing, rank, outputWidth, hidden);
        }
    }

    /** The late-fusion rules. */
    public static final class Late {
        private final boolean standardise;

        private Late(boolean standardise) {
            this.standardise = standardise;
        }

        /**
         * The same rules over per-modality heads that see standardised features, {@code (v - μ) / σ}
         * with statistics of the training data: heads on raw features of very different scales (MFCC
         * energies in the hundreds, unit-length text vectors) train badly calibrated.
         */
        public Late standardised() {
            return new Late(true);
        }

        public FusionStrategy mean() {
            return rule(FusionStrategy.Rule.MEAN);
        }

        /** Fixed positive weights, one per modality in the order they were added to the model. */
        public FusionStrategy weighted(double... weights) {
            return new FusionStrategy.Late(FusionStrategy.Rule.WEIGHTED, Arrays.stream(weights).boxed().toList(),
                    standardise);
        }

        public FusionStrategy learnedWeights() {
            return rule(FusionStrategy.Rule.LEARNED_WEIGHTS);
        }

        public FusionStrategy max() {
            return rule(FusionStrategy.Rule.MAX);
        }

        public FusionStrategy majorityVote() {
            return rule(FusionStrategy.Rule.MAJORITY_VOTE);
        }

        public FusionStrategy productOfExperts() {
            return rule(FusionStrategy.Rule.PRODUCT_OF_EXPERTS);
        }

        /** A learned linear stacker over the per-modality probabilities. */
        public FusionStrategy stacker() {
            return rule(FusionStrategy.Rule.STACKER);
        }

        private FusionStrategy rule(FusionStrategy.Rule rule) {
            return new FusionStrategy.Late(rule, List.of(), standardise);
        }
    }
}
