package dev.fusion4j.model;

import dev.fusion4j.FusionException;

/**
 * Thrown when a model's output for a sample is NaN or infinite although its inputs were finite:
 * values too large for float arithmetic (near ±3.4e38), usually unscaled features. The message
 * names the sample.
 */
public final class NonFiniteOutputException extends FusionException {
    private static final long serialVersionUID = 1L;

    public NonFiniteOutputException(String message) {
        super(message);
    }
}
