package dev.fusion4j.model;

import dev.fusion4j.FusionException;

/**
 * Thrown when a model directory cannot be loaded, or a spec's JSON cannot be read
 * ({@link FusionSpec#fromJson}): missing or foreign files, a format version this
 * library does not support, bad JSON or a member named twice, a checksum mismatch (an edited
 * {@code model.json} or corrupted weights), a number outside its bounds, a weight file whose
 * tensors overlap or leave gaps, files over the size limits, or parameters that do not fit the
 * described architecture, or settings that make no valid spec. The message names the file, the
 * field or tensor, the value and the limit.
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
