package dev.fusion4j.cli;

import dev.fusion4j.FusionException;

/** Input the command cannot use that no library type names: a missing file, a data set too small to split. */
final class BadDataException extends FusionException {
    private static final long serialVersionUID = 1L;

    BadDataException(String message) {
        super(message);
    }
}
