/**
 * The backend-neutral tensor interface fusion operators are written against ({@link
 * dev.fusion4j.internal.tensor.Tensor}, {@link dev.fusion4j.internal.tensor.TensorModule}), with parameter
 * declaration ({@link dev.fusion4j.internal.tensor.ParameterSpec}). Implementations: {@code djl}
 * (PyTorch, trainable) and {@code nd4j} (inference).
 */
package dev.fusion4j.internal.tensor;
