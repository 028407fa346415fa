package dev.fusion4j.cli;

import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionStrategy;
import java.util.function.IntFunction;

/** The fusion strategies {@code train --fusion} offers, by their command-line names. */
enum FusionChoice {
    /** Standardised features concatenated: robust on small data, the default. */
    EARLY("early", width -> Fusion.early().standardised()),
    /** A standardised head per modality, combined by a learned stacker. */
    LATE("late", width -> Fusion.late().standardised().stacker()),
    /** Late fusion by the product of the modality heads' probabilities. */
    PRODUCT_OF_EXPERTS("product-of-experts", width -> Fusion.late().standardised().productOfExperts()),
    SUM("sum", width -> Fusion.intermediate().width(width).sum()),
    CONCAT_MLP("concat-mlp", width -> Fusion.intermediate().width(width).concatMlp(width)),
    GATED("gated", width -> Fusion.intermediate().width(width).gated()),
    ATTENTION("attention", width -> Fusion.intermediate().width(width).attention()),
    LOW_RANK("low-rank", width -> Fusion.intermediate().width(width).lowRank(4, width)),
    CROSS_ATTENTION("cross-attention", width -> Fusion.intermediate().width(width).crossAttention(4, 1)),
    SELF_ATTENTION("self-attention", width -> Fusion.intermediate().width(width).selfAttention(4, 1));

    private final String name;
    private final IntFunction<FusionStrategy> strategy;

    FusionChoice(String name, IntFunction<FusionStrategy> strategy) {
        this.name = name;
        this.strategy = strategy;
    }

    /** The strategy, {@code width} wide where it projects the modalities. */
    FusionStrategy strategy(int width) {
        return strategy.apply(width);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Reads a name as {@code --fusion} takes it, ignoring case. */
    static final class Converter extends ChoiceConverter<FusionChoice> {
        Converter() {
            super(FusionChoice.class, "a fusion");
        }
    }
}
