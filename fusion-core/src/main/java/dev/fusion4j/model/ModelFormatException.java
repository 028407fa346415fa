package dev.fusion4j.model;

import dev.fusion4j.FusionException;

/**
 * Thrown when a model directory cannot be loaded: missing or foreign files, a format version this
 * library does not support, bad JSON, a checksum mismatch, truncated or oversized weights, or
 * parameters that do not fit the described architecture. The message names the file and what was
 * wrong.
 */
public final class ModelFormatException extends FusionException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
