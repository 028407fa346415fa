package dev.fusion4j.data;

import dev.fusion4j.FusionException;

/** Thrown when a sample cannot be built, for example one without any modality. */
public final class InvalidSampleException extends FusionException {
    private static final long serialVersionUID = 1L;

    public InvalidSampleException(String message) {
        super(message);
    }
}
