package dev.fusion4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns raw input of one modality (text, an image, audio) into {@link Features}: a vector or a
 * sequence of width {@link #dim()}. Implementations that hold native resources are
 * {@link AutoCloseable}; their class documentation says whether they are thread-safe.
 *
 * @param <I> the raw input type
 */
public interface Encoder<I> {

    /** The width of every feature step this encoder produces. */
    int dim();

    /**
     * What this encoder is, for a trained model's provenance: by default its class's simple name and
     * width, {@code "BertTextEncoder(384)"}; encoders with settings that change their output (a
     * checkpoint, a pooling) may name them too.
     */
    default String description() {
        return getClass().getSimpleName() + "(" + dim() + ")";
    }

    /**
     * What rebuilds this encoder exactly, through the {@link EncoderFactory} of its type: a saved
     * pipeline keeps it, and a model records it for each modality's features. Empty (the default)
     * for an encoder no factory rebuilds.
     */
    default Optional<EncoderSpec> spec() {
        return Optional.empty();
    }

    /** Encodes one input. */
    Features encode(I input);

    /** Encodes many inputs, in order; encoders that batch override this. */
    default List<Features> encodeAll(List<I> inputs) {
        List<Features> out = new ArrayList<>(inputs.size());
        for (I input : inputs) {
            out.add(encode(input));
        }
        return out;
    }
}
