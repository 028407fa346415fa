package dev.fusion4j.internal.nn;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack of pre-norm self-attention layers ({@link AttentionBlock}) followed by a final layer
 * norm, as in "Attention is all you need" with the norm moved before each sublayer. Parameters:
 * {@code <name>.<layer>.*} and {@code <name>.norm.*}.
 */
public final class TransformerEncoder {
    private final List<AttentionBlock> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;

    /**
     * @param layers at least 1
     * @param width model width d, a multiple of {@code heads}
     */
    public TransformerEncoder(String name, int width, int heads, int layers, float dropout) {
        if (layers < 1) {
            throw new IllegalArgumentException("transformer '" + name + "' needs at least one layer, got " + layers);
        }
        for (int l = 0; l < layers; l++) {
            blocks.add(new AttentionBlock(name + "." + l, width, heads, dropout, false));
        }
        this.finalNorm = new LayerNorm(name + ".norm", width);
    }

    /** The number of layers. */
    public int layers() {
        return blocks.size();
    }

    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        blocks.forEach(block -> specs.addAll(block.parameters()));
        specs.addAll(finalNorm.parameters());
        return specs;
    }

    /** {@code x [B, T, d]} attending to itself where {@code mask [B, T]} is 1. */
    public Tensor apply(ModuleContext context, Tensor x, Tensor mask) {
        for (AttentionBlock block : blocks) {
            x = block.apply(context, x, x, mask);
        }
        return finalNorm.apply(context, x);
    }
}
