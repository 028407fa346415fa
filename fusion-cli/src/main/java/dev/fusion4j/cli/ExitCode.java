package dev.fusion4j.cli;

import dev.fusion4j.FusionException;
import dev.fusion4j.audio.AudioFormatException;
import dev.fusion4j.data.InvalidFeaturesException;
import dev.fusion4j.data.InvalidLabelException;
import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.dataset.ManifestException;
import dev.fusion4j.image.ImageFormatException;
import dev.fusion4j.model.EncoderMismatchException;
import dev.fusion4j.model.ModelFormatException;
import dev.fusion4j.text.TextEncodingException;

/**
 * The exit codes of {@code fusion4j}, for scripts: 0 done, 2 a usage error (picocli's), 3 bad
 * data, 4 a bad pipeline, 1 any other failure.
 */
final class ExitCode {
    /** Done. */
    static final int OK = 0;
    /** Anything else failed: training diverged, an output could not be written, the engine failed. */
    static final int FAILURE = 1;
    /** An unknown option or subcommand, a missing or malformed option value. */
    static final int USAGE = 2;
    /**
     * The data: a manifest that is missing or malformed, a bad row, an input file that cannot be
     * decoded, a label the pipeline does not know.
     */
    static final int BAD_DATA = 3;
    /** The pipeline: a directory that is missing or holds no valid pipeline, an encoder that differs. */
    static final int BAD_PIPELINE = 4;

    private ExitCode() {
    }

    /** The code for a failure. */
    static int of(Throwable failure) {
        if (failure instanceof ModelFormatException || failure instanceof EncoderMismatchException
                || failure instanceof BadPipelineException) {
            return BAD_PIPELINE;
        }
        if (failure instanceof ManifestException || failure instanceof AudioFormatException
                || failure instanceof ImageFormatException || failure instanceof TextEncodingException
                || failure instanceof InvalidSampleException || failure instanceof InvalidLabelException
                || failure instanceof InvalidFeaturesException || failure instanceof BadDataException) {
            return BAD_DATA;
        }
        return failure instanceof FusionException && failure.getCause() != null ? of(failure.getCause()) : FAILURE;
    }
}
