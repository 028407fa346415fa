/** How a model is trained: options, per-epoch metrics and a listener for them. */
package dev.fusion4j.train;
