package dev.fusion4j.fusion;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import java.util.List;

/**
 * Fuses the modalities of a batch into one representation, written once against
 * {@link Tensor} so it trains on DJL and serves on ND4J. Padding masks and presence masks are
 * honoured: values at padded steps or of absent modalities never change the output (beyond a
 * missing modality's null embedding). Run it through {@link FusionModule}.
 */
public interface FusionOperator {

    /** The modalities and input widths this operator takes. */
    ModalitySchema schema();

    /** Every parameter it reads, with unique names. */
    List<ParameterSpec> parameters();

    /** The width of the fused representation. */
    int outputWidth();

    /** The fused representation {@code [B, outputWidth]} (sequence operators say otherwise). */
    Tensor fuse(ModuleContext context, FusionInputs inputs);
}
