/**
 * The DJL backend: tensors on DJL's PyTorch engine ({@link dev.fusion4j.internal.tensor.djl.DjlBackend}),
 * trainable blocks running a {@link dev.fusion4j.internal.tensor.TensorModule}, and conversions to and
 * from {@code NDArray}.
 */
package dev.fusion4j.internal.tensor.djl;
