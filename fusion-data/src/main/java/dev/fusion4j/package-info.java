/**
 * Fusion4J: multimodal data fusion for the JVM.
 *
 * <p>{@link dev.fusion4j.data} holds the data model (modalities, features, samples, batches);
 * {@link dev.fusion4j.internal.tensor} the backend-neutral tensor interface with its DJL and ND4J
 * implementations.
 */
package dev.fusion4j;
