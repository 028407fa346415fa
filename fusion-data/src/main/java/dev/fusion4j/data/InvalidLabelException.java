package dev.fusion4j.data;

import dev.fusion4j.FusionException;

/**
 * Thrown when a sample's label does not fit the model's head: missing, a class where values are
 * expected (or the reverse), a class index out of range, the wrong number of values, or a
 * multi-label target other than 0 or 1. The message names the sample and what was expected.
 */
public final class InvalidLabelException extends FusionException {
    private static final long serialVersionUID = 1L;

    public InvalidLabelException(String message) {
        super(message);
    }
}
