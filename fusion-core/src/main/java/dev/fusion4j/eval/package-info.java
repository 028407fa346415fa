/**
 * Analyses of a trained model through its public API: each modality's contribution and
 * robustness ({@link dev.fusion4j.eval.ModalityReport}) and which unlabelled samples to label next
 * ({@link dev.fusion4j.eval.ActiveLearning}).
 */
package dev.fusion4j.eval;
