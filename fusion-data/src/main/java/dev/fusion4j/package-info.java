/**
 * Fusion4J: multimodal data fusion for the JVM.
 *
 * <p>This module holds what every other one shares: the data model ({@code dev.fusion4j.data}),
 * the root of Fusion4J's exceptions ({@link dev.fusion4j.FusionException}) and
 * {@link dev.fusion4j.CloseGuard}. Models live in {@code fusion-core}'s {@code dev.fusion4j.model}.
 */
package dev.fusion4j;
