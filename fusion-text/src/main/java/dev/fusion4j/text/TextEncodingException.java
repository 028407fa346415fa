package dev.fusion4j.text;

import dev.fusion4j.FusionException;

/** Thrown when a text model cannot be loaded or run, naming the model and what went wrong. */
public final class TextEncodingException extends FusionException {
    private static final long serialVersionUID = 1L;

    public TextEncodingException(String message) {
        super(message);
    }

    public TextEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
