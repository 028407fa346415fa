package dev.fusion4j.model;

import dev.fusion4j.data.EncoderFactory;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Modality;
import dev.fusion4j.dataset.DatasetEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * How a pipeline rebuilds its encoders from their specs and checks them against the model's record
 * of the encoders that made its features.
 */
final class PipelineEncoders {
    private PipelineEncoders() {
    }

    /**
     * Rebuilds the encoders through the {@link EncoderFactory}s on the class path
     * and checks each against the model's record ({@link #requireMatch}).
     *
     * @throws ModelFormatException if a factory is missing or refuses its spec
     * @throws EncoderMismatchException if a rebuilt encoder differs from the recorded one
     */
    static DatasetEncoder open(FusionSpec model, Map<Modality, EncoderSpec> specs) {
        DatasetEncoder.Builder builder = DatasetEncoder.builder();
        specs.forEach(builder::encoder);
        DatasetEncoder opened;
        try {
            opened = builder.build();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(e.getMessage(), e);
        }
        try {
            opened.encoders().forEach((modality, encoder) ->
                    requireMatch(model, modality, encoder.spec().orElse(null), encoder.dim()));
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    /**
     * Checks that an encoder of spec {@code actual} and width {@code width} makes the features
     * {@code model} takes for {@code modality}: the spec it records, if any, and its input width.
     *
     * @throws EncoderMismatchException naming the settings or widths that differ
     */
    static void requireMatch(FusionSpec model, Modality modality, EncoderSpec actual, int width) {
        EncoderSpec expected = model.encoderSpecs().get(modality);
        if (expected != null && !expected.equals(actual)) {
            throw new EncoderMismatchException(modality, difference(expected, actual),
                    actual == null ? "an encoder without a spec" : difference(actual, expected));
        }
        int modelWidth = model.inputWidths().get(modality);
        if (width != modelWidth) {
            throw new EncoderMismatchException(modality, "width " + modelWidth, (actual == null ? "an encoder" : actual.type())
                    + " of width " + width);
        }
    }

    /** {@code spec}'s type and the settings in which it differs from {@code other}. */
    private static String difference(EncoderSpec spec, EncoderSpec other) {
        if (other == null || !spec.type().equals(other.type())) {
            return spec.toString();
        }
        Map<String, String> differing = new LinkedHashMap<>();
        TreeSet<String> names = new TreeSet<>(spec.settings().keySet());
        names.addAll(other.settings().keySet());
        for (String name : names) {
            String value = spec.settings().get(name);
            if (!Objects.equals(value, other.settings().get(name))) {
                differing.put(name, value == null ? "(none)" : value);
            }
        }
        return spec.type() + differing;
    }
}
