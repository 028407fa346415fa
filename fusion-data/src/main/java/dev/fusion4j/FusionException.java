package dev.fusion4j;

/**
 * Base class of the recoverable failures Fusion4J reports: bad input data, decoding, loading and
 * I/O. Settings that can never work are rejected with {@link IllegalArgumentException}; use of a
 * closed resource with {@link IllegalStateException}.
 *
 * <p>Messages name the modality, the sample and the value that was wrong, and keep the cause.
 */
public class FusionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FusionException(String message) {
        super(message);
    }

    public FusionException(String message, Throwable cause) {
        super(message, cause);
    }
}
