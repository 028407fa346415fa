/**
 * Relating modalities before or instead of fusion: joint spaces (CCA, contrastive), cross-modal
 * retrieval, imputation of a missing modality from the others, and temporal alignment and
 * windowing of time-stamped sequences.
 */
package dev.fusion4j.align;
