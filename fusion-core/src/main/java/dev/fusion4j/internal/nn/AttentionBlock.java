package dev.fusion4j.internal.nn;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A pre-norm transformer layer (as in MulT's cross-modal transformer):
 *
 * <pre>
 * x = x + dropout(MHA(LN_q(x), LN_kv(kv), keyMask))
 * x = x + dropout(FFN(LN_ff(x)))
 * </pre>
 *
 * For self-attention pass {@code kv = x}; then {@code LN_kv} is {@code LN_q}. Widths are equal.
 */
public final class AttentionBlock {
    private final LayerNorm queryNorm;
    private final LayerNorm keyNorm;
    private final MultiHeadAttention attention;
    private final LayerNorm feedForwardNorm;
    private final FeedForward feedForward;
    private final float dropout;

    /**
     * @param crossAttention whether keys come from another sequence (with their own layer norm)
     */
    public AttentionBlock(String name, int width, int heads, float dropout, boolean crossAttention) {
        this.queryNorm = new LayerNorm(name + ".norm_q", width);
        this.keyNorm = crossAttention ? new LayerNorm(name + ".norm_kv", width) : null;
        this.attention = new MultiHeadAttention(name + ".attention", width, width, width, heads, dropout);
        this.feedForwardNorm = new LayerNorm(name + ".norm_ff", width);
        this.feedForward = new FeedForward(name + ".ff", width, 4 * width, dropout);
        this.dropout = Dropout.checkRate(dropout);
    }

    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>(queryNorm.parameters());
        if (keyNorm != null) {
            specs.addAll(keyNorm.parameters());
        }
        specs.addAll(attention.parameters());
        specs.addAll(feedForwardNorm.parameters());
        specs.addAll(feedForward.parameters());
        return specs;
    }

    /** {@code x [B, T, d]} attending to {@code kv [B, Tk, d]} with {@code keyMask [B, Tk]}. */
    public Tensor apply(ModuleContext context, Tensor x, Tensor kv, Tensor keyMask) {
        Tensor q = queryNorm.apply(context, x);
        Tensor k = keyNorm == null ? q : keyNorm.apply(context, kv);
        Tensor attended = x.add(Dropout.apply(context, attention.apply(context, q, k, keyMask), dropout));
        Tensor transformed = feedForward.apply(context, feedForwardNorm.apply(context, attended));
        return attended.add(Dropout.apply(context, transformed, dropout));
    }
}
