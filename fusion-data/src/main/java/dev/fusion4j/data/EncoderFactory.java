package dev.fusion4j.data;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Rebuilds the encoders of one type from their {@link EncoderSpec}s and reads their inputs from
 * files: what a saved pipeline needs to serve raw inputs. Modules register their factories in
 * {@code META-INF/services/dev.fusion4j.data.EncoderFactory} (and with {@code provides} in a
 * module descriptor); pipelines find them with {@link java.util.ServiceLoader}.
 *
 * @param <I> the input type of the encoders it makes
 */
public interface EncoderFactory<I> {

    /** The factory of encoders of {@code type} on the class path, if there is one. */
    static Optional<EncoderFactory<?>> find(String type) {
        for (EncoderFactory<?> factory : ServiceLoader.load(EncoderFactory.class)) {
            if (factory.type().equals(type)) {
                return Optional.of(factory);
            }
        }
        return Optional.empty();
    }

    /**
     * The factory of encoders of {@code type}.
     *
     * @throws IllegalArgumentException naming the modules that provide the built-in types, if no
     *     factory of that type is on the class path
     */
    static EncoderFactory<?> require(String type) {
        return find(type).orElseThrow(() -> new IllegalArgumentException("no EncoderFactory for '" + type
                + "' encoders is on the class path (fusion-text rebuilds 'bert-text', fusion-audio 'mfcc', "
                + "fusion-image 'resnet-image' encoders)"));
    }

    /** The {@link EncoderSpec#type()} this factory rebuilds, e.g. {@code "mfcc"}. */
    String type();

    /** The class of its encoders' input ({@code String}, an audio clip, an image). */
    Class<I> inputType();

    /**
     * The encoder {@code spec} describes; close it if it is {@link AutoCloseable}.
     *
     * @throws IllegalArgumentException if the spec's settings or weights do not describe a valid encoder
     * @throws dev.fusion4j.FusionException if a model file it names cannot be loaded
     */
    Encoder<I> create(EncoderSpec spec);

    /**
     * One input decoded from a file's content (a WAV file for audio, an image file for images,
     * UTF-8 for text).
     *
     * @throws dev.fusion4j.FusionException naming what is wrong with the content
     */
    I read(byte[] content);

    /**
     * One raw input as this factory's encoders take it: a file ({@link Path}) or a file's content
     * ({@code byte[]}) read, a value of {@link #inputType()} as it is.
     *
     * @throws InvalidSampleException for another kind of value
     * @throws dev.fusion4j.FusionException if the file or content cannot be read or decoded
     */
    default I input(Object raw) {
        if (raw instanceof Path file) {
            return read(file);
        }
        if (raw instanceof byte[] content) {
            return read(content);
        }
        if (inputType().isInstance(raw)) {
            return inputType().cast(raw);
        }
        throw new InvalidSampleException("a " + raw.getClass().getName() + " is no input of a '" + type()
                + "' encoder; it takes a " + inputType().getName() + ", a file (Path) or its content (byte[])");
    }

    /**
     * One input read from a file, checking its size before holding it in memory.
     *
     * @throws dev.fusion4j.FusionException naming the file and what is wrong with it
     */
    I read(Path file);
}
