package dev.fusion4j.image;

import dev.fusion4j.FusionException;

/** Thrown when an image cannot be decoded or is unusable: truncated, not an image, too large. */
public final class ImageFormatException extends FusionException {
    private static final long serialVersionUID = 1L;

    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
