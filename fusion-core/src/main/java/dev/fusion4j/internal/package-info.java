/**
 * Not API. The packages under {@code dev.fusion4j.internal} (fusion operators, neural-network
 * building blocks, the tensor interface and its DJL and ND4J backends, batching, file formats)
 * are public only so that Fusion4J's own packages can reach them; they change without notice.
 */
package dev.fusion4j.internal;
