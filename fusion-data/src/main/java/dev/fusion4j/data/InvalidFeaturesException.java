package dev.fusion4j.data;

import dev.fusion4j.FusionException;

/** Thrown when feature values cannot be used: non-finite values, ragged rows, bad timestamps. */
public final class InvalidFeaturesException extends FusionException {
    private static final long serialVersionUID = 1L;

    public InvalidFeaturesException(String message) {
        super(message);
    }
}
