package dev.fusion4j.model;

import dev.fusion4j.internal.fusion.AttentionSumFusion;
import dev.fusion4j.internal.fusion.Combiner;
import dev.fusion4j.internal.fusion.Combiners;
import dev.fusion4j.internal.fusion.ConcatMlpFusion;
import dev.fusion4j.internal.fusion.CrossModalAttentionFusion;
import dev.fusion4j.internal.fusion.EarlyFusion;
import dev.fusion4j.internal.fusion.FusionOperator;
import dev.fusion4j.internal.fusion.GatedFusion;
import dev.fusion4j.internal.fusion.InputStatistics;
import dev.fusion4j.internal.fusion.IntermediateFusion;
import dev.fusion4j.internal.fusion.LateFusion;
import dev.fusion4j.internal.fusion.LowRankFusion;
import dev.fusion4j.internal.fusion.ModalitySchema;
import dev.fusion4j.internal.fusion.SelfAttentionFusion;
import dev.fusion4j.internal.fusion.SumFusion;
import dev.fusion4j.internal.fusion.TensorFusion;
import dev.fusion4j.internal.fusion.VectorFusion;
import dev.fusion4j.internal.nn.Activation;
import dev.fusion4j.internal.nn.AttentionBudget;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What fusion a model uses: an immutable description, made with {@link Fusion}, saved in
 * {@code model.json}, and turned into a {@link FusionOperator} once the modalities are known.
 */
public sealed interface FusionStrategy
        permits FusionStrategy.Early, FusionStrategy.Intermediate, FusionStrategy.Attention, FusionStrategy.Late {

    /**
     * @param statistics the training statistics (standardisation), or identity ones before training
     * @param classes the number of classes (late fusion), 0 for other heads
     */
    FusionOperator createOperator(ModalitySchema schema, InputStatistics statistics, int classes);

    /** Whether the operator outputs class probabilities itself (late fusion), with no head after it. */
    default boolean isLate() {
        return false;
    }

    /** Whether training statistics must be fitted before the operator is made. */
    default boolean needsStatistics() {
        return false;
    }

    /** The least number of modalities this strategy works with. */
    default int minimumModalities() {
        return 1;
    }

    /** Early fusion of pooled vectors, optionally standardised. */
    record Early(boolean standardise, MissingModality missing) implements FusionStrategy {
        public Early {
            Objects.requireNonNull(missing, "missing");
        }

        /** The same, standardising with statistics of the training data. */
        public Early standardised() {
            return new Early(true, missing);
        }

        public Early missing(MissingModality policy) {
            return new Early(standardise, policy);
        }

        @Override
        public FusionOperator createOperator(ModalitySchema schema, InputStatistics statistics, int classes) {
            return new EarlyFusion(schema, standardise ? statistics : null, missing);
        }

        @Override
        public boolean needsStatistics() {
            return standardise;
        }
    }

    /** How {@link Intermediate} combines the per-modality vectors. */
    enum Combine { SUM, CONCAT_MLP, ATTENTION, GATED, TENSOR, LOW_RANK }

    /**
     * Intermediate fusion of vectors: each modality projected to {@code width} by
     * {@code GELU(LN(x W_m + b_m))}, mean-pooled, then combined.
     *
     * @param rank the rank of {@link Combine#LOW_RANK}, 0 for the other combiners
     * @param outputWidth the output width of {@link Combine#LOW_RANK}, 0 for the other combiners
     * @param hidden the hidden widths of {@link Combine#CONCAT_MLP}, empty for the other combiners
     */
    record Intermediate(Combine combine, int width, float dropout, MissingModality missing, int rank,
                        int outputWidth, List<Integer> hidden) implements FusionStrategy {
        /** @throws IllegalArgumentException naming the setting out of range or not of this combiner */
        public Intermediate {
            Objects.requireNonNull(combine, "combine");
            Objects.requireNonNull(missing, "missing");
            hidden = List.copyOf(hidden);
            requireWidthAndDropout(width, dropout);
            boolean lowRank = combine == Combine.LOW_RANK;
            if (lowRank && (rank < 1 || outputWidth < 1)) {
                throw new IllegalArgumentException("low-rank fusion needs rank ≥ 1 and output width ≥ 1, got rank "
                        + rank + ", output width " + outputWidth);
            }
            if (!lowRank && (rank != 0 || outputWidth != 0)) {
                throw new IllegalArgumentException("a rank and an output width belong to lowRank, not " + combine
                        + "; got rank " + rank + ", output width " + outputWidth);
            }
            boolean mlp = combine == Combine.CONCAT_MLP;
            if (mlp && (hidden.isEmpty() || hidden.stream().anyMatch(w -> w < 1))) {
                throw new IllegalArgumentException("concatMlp needs at least one hidden width, each ≥ 1, got " + hidden);
            }
            if (!mlp && !hidden.isEmpty()) {
                throw new IllegalArgumentException("hidden widths belong to concatMlp, not " + combine + "; got "
                        + hidden);
            }
        }

        @Override
        public FusionOperator createOperator(ModalitySchema schema, InputStatistics statistics, int classes) {
            return IntermediateFusion.builder(schema).width(width).projection(true, Activation.GELU)
                    .missing(missing).combine(factory()).build();
        }

        private VectorFusion.Factory factory() {
            return switch (combine) {
                case SUM -> SumFusion.factory();
                case CONCAT_MLP -> ConcatMlpFusion.factory(dropout, hidden.stream().mapToInt(Integer::intValue).toArray());
                case ATTENTION -> AttentionSumFusion.factory(width);
                case GATED -> GatedFusion.factory();
                case TENSOR -> TensorFusion.factory();
                case LOW_RANK -> LowRankFusion.factory(rank, outputWidth);
            };
        }
    }

    /**
     * Attention over sequences: MulT (cross-modal attention, then {@code selfAttentionLayers}
     * self-attention layers per target and, if {@code residualBlock}, MulT's residual block; see
     * {@link CrossModalAttentionFusion}), or self-attention over all tokens
     * ({@link SelfAttentionFusion}; then {@code selfAttentionLayers} is 0 and {@code residualBlock}
     * false). Both refuse a forward pass whose attention scores would take more than
     * {@code attentionBudget} bytes with an {@link dev.fusion4j.model.AttentionBudgetException}.
     *
     * <p>A {@code model.json} saved before the last three settings existed lacks them; read as 0,
     * false and 0 they mean no self-attention layers and no residual block (the operator such a
     * model was trained with) and the default budget of {@link AttentionBudget#DEFAULT_BYTES}.
     *
     * @param attentionBudget bytes, 0 for the default of 1 GiB
     */
    record Attention(boolean cross, int width, int heads, int layers, float dropout, MissingModality missing,
                     int selfAttentionLayers, boolean residualBlock, long attentionBudget) implements FusionStrategy {
        /**
         * @throws IllegalArgumentException for a width below 1, heads that do not divide it, fewer
         *     than 1 layer or 0 self-attention layers, a dropout outside {@code [0, 1)}, a negative
         *     budget, or MulT's parts on self-attention fusion
         */
        public Attention {
            Objects.requireNonNull(missing, "missing");
            requireWidthAndDropout(width, dropout);
            if (heads < 1 || width % heads != 0) {
                throw new IllegalArgumentException("the number of attention heads must be ≥ 1 and divide the width "
                        + width + ", got " + heads);
            }
            if (layers < 1) {
                throw new IllegalArgumentException("attention needs at least one layer, got " + layers);
            }
            if (selfAttentionLayers < 0) {
                throw new IllegalArgumentException("self-attention layers must be ≥ 0, got " + selfAttentionLayers);
            }
            if (attentionBudget < 0) {
                throw new IllegalArgumentException("the attention budget must be ≥ 1 byte, got " + attentionBudget);
            }
            if (!cross && (selfAttentionLayers != 0 || residualBlock)) {
                throw new IllegalArgumentException("self-attention layers per target and the residual block belong "
                        + "to crossAttention (MulT), not selfAttention");
            }
            attentionBudget = attentionBudget == 0 ? AttentionBudget.DEFAULT_BYTES : attentionBudget;
        }

        /** The same with {@code layers} self-attention layers per target (cross-attention only; 0 for none). */
        public Attention selfAttentionLayers(int layers) {
            return new Attention(cross, width, heads, this.layers, dropout, missing, layers, residualBlock,
                    attentionBudget);
        }

        /** The same with MulT's residual block before the head on or off (cross-attention only). */
        public Attention residualBlock(boolean on) {
            return new Attention(cross, width, heads, layers, dropout, missing, selfAttentionLayers, on,
                    attentionBudget);
        }

        /**
         * The same with another budget for the attention scores of one forward pass (default 1 GiB).
         *
         * @throws IllegalArgumentException if {@code bytes < 1}
         */
        public Attention attentionBudget(long bytes) {
            return new Attention(cross, width, heads, layers, dropout, missing, selfAttentionLayers, residualBlock,
                    new AttentionBudget(bytes).bytes());
        }

        @Override
        public FusionOperator createOperator(ModalitySchema schema, InputStatistics statistics, int classes) {
            AttentionBudget budget = new AttentionBudget(attentionBudget);
            return cross
                    ? CrossModalAttentionFusion.builder(schema).width(width).heads(heads).layers(layers)
                            .selfAttentionLayers(selfAttentionLayers).residualBlock(residualBlock)
                            .dropout(dropout).missing(missing).attentionBudget(budget).build()
                    : SelfAttentionFusion.of(schema, width, heads, layers, dropout, budget);
        }

        @Override
        public int minimumModalities() {
            return cross ? 2 : 1;
        }
    }

    /**
     * The late-fusion combination rules, each with its {@link Combiner}. A saved model names its
     * rule by the constant's name.
     */
    enum Rule {
        MEAN(weights -> Combiners.mean()),
        WEIGHTED(Combiners::weighted),
        LEARNED_WEIGHTS(weights -> Combiners.learnedWeights()),
        MAX(weights -> Combiners.max()),
        MAJORITY_VOTE(weights -> Combiners.majorityVote()),
        PRODUCT_OF_EXPERTS(weights -> Combiners.productOfExperts()),
        STACKER(weights -> Combiners.stacker());

        private final Function<double[], Combiner> combiner;

        Rule(Function<double[], Combiner> combiner) {
            this.combiner = combiner;
        }

        /** This rule's combiner; {@code weights} are the fixed weights of {@link #WEIGHTED}, unused otherwise. */
        Combiner combiner(List<Double> weights) {
            return combiner.apply(weights.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /**
     * Late fusion: per-modality classifiers combined by a rule, on raw pooled features or, when
     * {@code standardise}, on features standardised with statistics of the training data (a model
     * saved before this setting existed reads as raw).
     */
    record Late(Rule rule, List<Double> weights, boolean standardise) implements FusionStrategy {
        /**
         * @throws IllegalArgumentException if the weighted rule lacks weights or has one that is not
         *     finite and positive, or another rule has weights
         */
        public Late {
            Objects.requireNonNull(rule, "rule");
            weights = List.copyOf(weights);
            boolean weighted = rule == Rule.WEIGHTED;
            if (weighted && (weights.isEmpty() || !weights.stream().allMatch(w -> w > 0 && Double.isFinite(w)))) {
                throw new IllegalArgumentException("weighted late fusion needs one finite weight > 0 per modality, got "
                        + weights);
            }
            if (!weighted && !weights.isEmpty()) {
                throw new IllegalArgumentException("weights belong to the weighted rule, not " + rule + "; got "
                        + weights);
            }
        }

        @Override
        public FusionOperator createOperator(ModalitySchema schema, InputStatistics statistics, int classes) {
            return new LateFusion(schema, classes, rule.combiner(weights), standardise ? statistics : null);
        }

        @Override
        public boolean needsStatistics() {
            return standardise;
        }

        @Override
        public boolean isLate() {
            return true;
        }
    }

    private static void requireWidthAndDropout(int width, float dropout) {
        if (width < 1) {
            throw new IllegalArgumentException("fusion width must be ≥ 1, got " + width);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }
}
