package dev.fusion4j.model;

import dev.fusion4j.FusionException;
import dev.fusion4j.data.Modality;

/**
 * Thrown when a modality's encoder is not the one whose features the model was trained on: a
 * {@link FusionPipeline} made or rebuilt with an encoder whose {@link dev.fusion4j.data.EncoderSpec}
 * differs from the one the model records (another MFCC configuration, another text model file), or
 * whose width differs from the model's. The message names the modality and both encoders.
 */
public final class EncoderMismatchException extends FusionException {
    private static final long serialVersionUID = 1L;

    private final String modality;
    private final String expected;
    private final String actual;

    /**
     * @param expected the encoder the model's features came from (its differing settings, or its width)
     * @param actual the encoder given (likewise)
     */
    public EncoderMismatchException(Modality modality, String expected, String actual) {
        super("the encoder of modality '" + modality + "' is " + actual + ", but the model was trained on features of "
                + expected + "; use the encoder the model was trained with, or train the model with this one");
        this.modality = modality.name();
        this.expected = expected;
        this.actual = actual;
    }

    /** The modality whose encoder differs. */
    public Modality modality() {
        return Modality.of(modality);
    }

    /** The encoder the model's features came from: its type and the settings that differ, or its width. */
    public String expected() {
        return expected;
    }

    /** The encoder given: its type and the settings that differ, or its width. */
    public String actual() {
        return actual;
    }
}
