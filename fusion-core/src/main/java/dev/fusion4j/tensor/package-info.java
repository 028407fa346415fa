/**
 * The backend-neutral tensor interface fusion operators are written against ({@link
 * dev.fusion4j.tensor.Tensor}, {@link dev.fusion4j.tensor.TensorModule}), with parameter
 * declaration ({@link dev.fusion4j.tensor.ParameterSpec}). Implementations: {@code djl}
 * (PyTorch, trainable) and {@code nd4j} (inference).
 */
package dev.fusion4j.tensor;
