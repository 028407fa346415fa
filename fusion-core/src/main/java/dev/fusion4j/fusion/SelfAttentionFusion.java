package dev.fusion4j.fusion;

import dev.fusion4j.data.Modality;
import dev.fusion4j.nn.AttentionBlock;
import dev.fusion4j.nn.LayerNorm;
import dev.fusion4j.nn.Pooling;
import dev.fusion4j.nn.PositionalEncoding;
import dev.fusion4j.tensor.Initializer;
import dev.fusion4j.tensor.ModuleContext;
import dev.fusion4j.tensor.ParameterSpec;
import dev.fusion4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Self-attention over the tokens of all modalities together: each sequence is projected to width
 * d, given sinusoidal positions and a learned modality-type embedding ({@code type.<modality>}),
 * the sequences are concatenated in time ({@code [B, Σ T_m, d]}, their padding masks likewise, so
 * absent modalities and padding are never attended to), L pre-norm transformer layers follow, then
 * a final layer norm and the masked mean over valid tokens. Output width d.
 */
public final class SelfAttentionFusion implements FusionOperator {
    private final ModalitySchema schema;
    private final Projection projection;
    private final List<AttentionBlock> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;

    private SelfAttentionFusion(ModalitySchema schema, int width, int heads, int layers, float dropout) {
        if (layers < 1) {
            throw new IllegalArgumentException("self-attention fusion needs at least one layer, got " + layers);
        }
        this.schema = schema;
        this.projection = Projection.linear(schema, width);
        for (int l = 0; l < layers; l++) {
            blocks.add(new AttentionBlock("self." + l, width, heads, dropout, false));
        }
        this.finalNorm = new LayerNorm("self.norm", width);
    }

    /**
     * @param width model width d, a multiple of {@code heads}
     */
    public static SelfAttentionFusion of(ModalitySchema schema, int width, int heads, int layers, float dropout) {
        return new SelfAttentionFusion(schema, width, heads, layers, dropout);
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
        blocks.forEach(block -> specs.addAll(block.parameters()));
        specs.addAll(finalNorm.parameters());
        return specs;
    }

    @Override
    public int outputWidth() {
        return projection.width();
    }

    @Override
    public Tensor fuse(ModuleContext context, FusionInputs inputs) {
        List<Tensor> tokens = new ArrayList<>();
        List<Tensor> masks = new ArrayList<>();
        for (Modality modality : schema.modalities()) {
            ModalityTensors t = inputs.get(modality);
            Tensor projected = PositionalEncoding.add(projection.apply(context, modality, t.values()));
            tokens.add(projected.add(context.parameter(typeName(modality))));
            masks.add(t.paddingMask().mul(t.presenceColumn()));
        }
        Tensor x = context.backend().concat(tokens, 1);
        Tensor mask = context.backend().concat(masks, 1);
        for (AttentionBlock block : blocks) {
            x = block.apply(context, x, x, mask);
        }
        return Pooling.mean(finalNorm.apply(context, x), mask);
    }

    private static String typeName(Modality modality) {
        return "type." + modality.name();
    }
}
