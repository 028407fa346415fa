package dev.fusion4j.data;

import dev.fusion4j.FusionException;

/**
 * Thrown when a sample cannot be built (one without any modality), or does not fit a model: a
 * modality the model does not have, a width other than the model's, a sequence where the model
 * was trained on vectors or the reverse. The message names the sample, the modality and what was
 * expected.
 */
public final class InvalidSampleException extends FusionException {
    private static final long serialVersionUID = 1L;

    public InvalidSampleException(String message) {
        super(message);
    }
}
