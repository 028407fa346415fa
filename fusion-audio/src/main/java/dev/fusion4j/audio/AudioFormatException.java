package dev.fusion4j.audio;

import dev.fusion4j.FusionException;

/** Thrown when audio cannot be decoded or used: a bad header, truncated data, an impossible rate. */
public final class AudioFormatException extends FusionException {
    private static final long serialVersionUID = 1L;

    public AudioFormatException(String message) {
        super(message);
    }

    public AudioFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
