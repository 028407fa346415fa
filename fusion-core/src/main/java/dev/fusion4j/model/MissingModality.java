package dev.fusion4j.model;

/**
 * What an operator puts in place of a modality a sample lacks. (To impute the training mean of
 * the raw features instead, put a {@link MeanImputation} before the operator.)
 */
public enum MissingModality {
    /** A learned null embedding per modality, trained with the rest (the default). */
    LEARNED_NULL,
    /** Zeros. */
    ZERO
}
