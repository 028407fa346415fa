package dev.fusion4j.internal.fusion;

import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import java.util.List;

/** A step applied to a batch's tensors before fusion: modality dropout, imputation. */
public interface InputTransform {

    /** The parameters this step reads (none for most). */
    List<ParameterSpec> parameters();

    FusionInputs apply(ModuleContext context, FusionInputs inputs);
}
