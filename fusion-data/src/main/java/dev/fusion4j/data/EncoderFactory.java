package dev.fusion4j.data;

import java.nio.file.Path;

/**
 * Rebuilds the encoders of one type from their {@link EncoderSpec}s and reads their inputs from
 * files: what a saved pipeline needs to serve raw inputs. Modules register their factories in
 * {@code META-INF/services/dev.fusion4j.data.EncoderFactory} (and with {@code provides} in a
 * module descriptor); pipelines find them with {@link java.util.ServiceLoader}.
 *
 * @param <I> the input type of the encoders it makes
 */
public interface EncoderFactory<I> {

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
     * One input read from a file, checking its size before holding it in memory.
     *
     * @throws dev.fusion4j.FusionException naming the file and what is wrong with it
     */
    I read(Path file);
}
