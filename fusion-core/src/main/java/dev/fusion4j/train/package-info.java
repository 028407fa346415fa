/**
 * How a model is trained: options, per-epoch metrics, a listener for them, and a source of samples
 * streamed pass after pass.
 */
package dev.fusion4j.train;
