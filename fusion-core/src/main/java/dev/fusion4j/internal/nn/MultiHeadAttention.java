package dev.fusion4j.internal.nn;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.Tensors;
import java.util.ArrayList;
import java.util.List;

/**
 * Scaled dot-product multi-head attention with a key-padding mask. Queries and keys/values may
 * have different widths (unlike DJL's attention block):
 *
 * <pre>
 * Q = q W_q,  K = kv W_k,  V = kv W_v              (each [B, T, D], split into H heads of D/H)
 * A_h = softmax(Q_h K_hᵀ / sqrt(D/H) + mask)       (mask: 0 for a key, -1e9 for padding; rows of a
 *                                                   sample without any key are 0)
 * out = concat_h(A_h V_h) W_o                       [B, T_q, D]
 * </pre>
 *
 * Padded keys get exactly zero weight, so their values never reach the output; a query with no
 * valid key (an absent modality) attends to nothing and gets {@code b_o}.
 */
public final class MultiHeadAttention {
    private static final float MASKED = -1e9f;

    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;
    private final int heads;
    private final int width;
    private final float dropout;

    /**
     * @param queryWidth width of the query sequence
     * @param keyWidth width of the key/value sequence
     * @param width model width D, divisible by {@code heads}
     */
    public MultiHeadAttention(String name, int queryWidth, int keyWidth, int width, int heads, float dropout) {
        if (heads < 1 || width % heads != 0) {
            throw new IllegalArgumentException("attention '" + name + "': width " + width
                    + " must be a positive multiple of the number of heads " + heads);
        }
        this.query = new Linear(name + ".query", queryWidth, width);
        this.key = new Linear(name + ".key", keyWidth, width);
        this.value = new Linear(name + ".value", keyWidth, width);
        this.output = new Linear(name + ".output", width, width);
        this.heads = heads;
        this.width = width;
        this.dropout = Dropout.checkRate(dropout);
    }

    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        specs.addAll(query.parameters());
        specs.addAll(key.parameters());
        specs.addAll(value.parameters());
        specs.addAll(output.parameters());
        return specs;
    }

    /**
     * @param q queries {@code [B, Tq, queryWidth]}
     * @param kv keys and values {@code [B, Tk, keyWidth]}
     * @param keyMask {@code [B, Tk]}, 1 for a real key, 0 for padding
     * @return {@code [B, Tq, width]}
     */
    public Tensor apply(ModuleContext context, Tensor q, Tensor kv, Tensor keyMask) {
        long batch = q.size(0);
        float scale = (float) (1.0 / Math.sqrt(width / (double) heads));
        Tensor qh = splitHeads(query.apply(context, q).mul(scale), batch);
        Tensor kh = splitHeads(key.apply(context, kv), batch);
        Tensor vh = splitHeads(value.apply(context, kv), batch);
        // the mask enters as a [B, 1, 1, Tk] bias (0 or -1e9) broadcast over heads and queries, never
        // materialised at the size of the scores; a padded key's weight underflows to exactly 0
        Tensor bias = keyMask.reshape(batch, 1, 1, -1).add(-1f).mul(-MASKED);
        Tensor weights = Dropout.apply(context, qh.matmul(Tensors.transposeLast(kh)).add(bias).softmax(-1), dropout);
        // a sample without any valid key attends to nothing: zero its rows after the product
        Tensor anyKey = keyMask.max(1, false).reshape(batch, 1, 1, 1);
        Tensor attended = weights.matmul(vh).mul(anyKey);                                // [B, H, Tq, dh]
        Tensor merged = attended.permute(0, 2, 1, 3).reshape(batch, -1, width);
        return output.apply(context, merged);
    }

    private Tensor splitHeads(Tensor x, long batch) {
        return x.reshape(batch, -1, heads, width / heads).permute(0, 2, 1, 3);
    }
}
