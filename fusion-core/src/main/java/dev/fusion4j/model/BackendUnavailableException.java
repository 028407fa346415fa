package dev.fusion4j.model;

import dev.fusion4j.FusionException;

/** Thrown when a tensor backend's native library is missing or fails to load. */
public final class BackendUnavailableException extends FusionException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
