/**
 * The ND4J backend, for inference: tensors over {@code INDArray}
 * ({@link dev.fusion4j.internal.tensor.nd4j.Nd4jBackend}), a runner for a
 * {@link dev.fusion4j.internal.tensor.TensorModule} with saved parameter values that keeps and reruns the
 * ND4J kernels of its forward passes, and conversions. Needs an ND4J native artifact
 * ({@code nd4j-native} or {@code nd4j-cuda}) on the classpath.
 */
package dev.fusion4j.internal.tensor.nd4j;
