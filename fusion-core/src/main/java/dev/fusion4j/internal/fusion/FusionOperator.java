package dev.fusion4j.internal.fusion;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorModule;
import java.util.List;

/**
 * Fuses the modalities of a batch into one representation, written once against
 * {@link Tensor} so it trains on DJL and serves on ND4J. Padding masks and presence masks are
 * honoured: values at padded steps or of absent modalities never change the output (beyond a
 * missing modality's null embedding). As a {@link TensorModule} over {@link FusionInputs} it runs
 * on its own as well as inside a model.
 */
public interface FusionOperator extends TensorModule<FusionInputs> {

    /** The modalities and input widths this operator takes. */
    ModalitySchema schema();

    /** Every parameter it reads, with unique names. */
    @Override
    List<ParameterSpec> parameters();

    /** The width of the fused representation. */
    int outputWidth();

    /** The fused representation {@code [B, outputWidth]} (sequence operators say otherwise). */
    Tensor fuse(ModuleContext context, FusionInputs inputs);

    /** {@link #fuse}. */
    @Override
    default Tensor forward(ModuleContext context, FusionInputs inputs) {
        return fuse(context, inputs);
    }
}
