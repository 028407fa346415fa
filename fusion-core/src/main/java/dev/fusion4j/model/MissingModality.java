package dev.fusion4j.model;

/**
 * What a fusion operator puts in place of a modality a sample lacks.
 */
public enum MissingModality {
    /** A learned null embedding per modality, trained with the rest (the default). */
    LEARNED_NULL,
    /** Zeros. */
    ZERO
}
