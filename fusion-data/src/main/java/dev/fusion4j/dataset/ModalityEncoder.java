package dev.fusion4j.dataset;

import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderFactory;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Modality;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One modality's encoder with the factory that reads its inputs: a file or a file's content is
 * read by the factory, a value of the encoder's input type is taken as it is.
 *
 * @param owned whether {@link DatasetEncoder#close()} closes the encoder (it built it from a spec)
 */
record ModalityEncoder<I>(Modality modality, EncoderFactory<I> factory, Encoder<I> encoder, boolean owned) {

    /** The encoder {@code factory} builds from its spec; owned, so closed with the dataset encoder. */
    static <I> ModalityEncoder<I> built(Modality modality, EncoderFactory<I> factory, EncoderSpec spec) {
        try {
            return new ModalityEncoder<>(modality, factory, factory.create(spec), true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("modality '" + modality + "': the '" + spec.type()
                    + "' encoder's spec is invalid: " + e.getMessage(), e);
        }
    }

    /** A caller's encoder, read for by the factory of its spec's type; the caller closes it. */
    @SuppressWarnings("unchecked")
    static ModalityEncoder<?> given(Modality modality, Encoder<?> encoder) {
        String type = encoder.spec().orElseThrow(() -> new IllegalArgumentException("the encoder of '" + modality
                + "', " + encoder.description() + ", has no spec, so no EncoderFactory can read its files; use an "
                + "encoder of fusion-text, fusion-audio or fusion-image, or implement Encoder.spec()")).type();
        return new ModalityEncoder<>(modality, (EncoderFactory<Object>) EncoderFactory.require(type),
                (Encoder<Object>) encoder, false);
    }

    /** The features of {@code inputs} (each a Path, a byte[] or an input value), in order. */
    List<Features> encodeAll(List<Object> inputs, List<String> descriptions) {
        List<I> decoded = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            decoded.add(input(inputs.get(i), descriptions.get(i)));
        }
        return encoder.encodeAll(decoded);
    }

    private I input(Object raw, String sample) {
        try {
            return factory.input(raw);
        } catch (InvalidSampleException e) {
            throw new InvalidSampleException(sample + ", modality '" + modality + "': " + e.getMessage());
        }
    }
}
