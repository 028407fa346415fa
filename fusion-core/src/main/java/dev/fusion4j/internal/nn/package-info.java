/**
 * Neural building blocks written against {@link dev.fusion4j.internal.tensor.Tensor}: linear layers, layer
 * norm, masked pooling, multi-head attention with key-padding masks, transformer layers, dropout.
 * Each declares its parameters under a name prefix and runs on every backend.
 */
package dev.fusion4j.internal.nn;
