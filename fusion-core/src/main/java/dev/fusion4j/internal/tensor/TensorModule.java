package dev.fusion4j.internal.tensor;

import java.util.List;

/**
 * A computation written once against {@link Tensor}, with the parameters it declares. Run it on
 * DJL inside a trainable block ({@link dev.fusion4j.internal.tensor.djl.DjlModuleBlock}) or on ND4J from
 * saved values ({@link dev.fusion4j.internal.tensor.nd4j.Nd4jModuleRunner}).
 *
 * @param <I> its inputs: a typed value (a fusion model's {@code FusionInputs}) or a list of tensors
 */
public interface TensorModule<I> {

    /** The parameters this module reads through {@link ModuleContext#parameter(String)}. */
    List<ParameterSpec> parameters();

    /** Computes the output from the inputs; must not keep references to either. */
    Tensor forward(ModuleContext context, I inputs);
}
