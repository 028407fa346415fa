package dev.fusion4j.internal.data;

import dev.fusion4j.FusionException;

/**
 * Thrown when samples cannot be collated into one batch: an empty list, widths that differ
 * inside a modality, mixed labels, or a batch too large to hold. The message names the sample
 * and the modality.
 */
public final class CollationException extends FusionException {
    private static final long serialVersionUID = 1L;

    public CollationException(String message) {
        super(message);
    }
}
