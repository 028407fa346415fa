package dev.fusion4j.cli;

import dev.fusion4j.FusionException;

/** A pipeline directory that does not exist, or a pipeline the command cannot use. */
final class BadPipelineException extends FusionException {
    private static final long serialVersionUID = 1L;

    BadPipelineException(String message) {
        super(message);
    }
}
