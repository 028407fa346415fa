package dev.fusion4j.spark;

import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderFactory;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidSampleException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The encoders of one executor JVM: each built once from its {@link EncoderSpec} by the
 * {@link EncoderFactory} on the class path, shared by the tasks that run side by side (the
 * encoders are thread-safe), and closed when the JVM shuts down.
 */
final class ExecutorEncoders {
    private static final Map<EncoderSpec, Opened<?>> OPENED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorEncoders::closeAll, "fusion4j-close-encoders"));
    }

    private ExecutorEncoders() {
    }

    /**
     * The encoder of {@code spec} with its factory, built on first use in this JVM.
     *
     * @throws IllegalArgumentException if no factory of the spec's type is on the class path, or
     *     the factory refuses the spec
     */
    static Opened<?> of(EncoderSpec spec) {
        return OPENED.computeIfAbsent(spec, ExecutorEncoders::open);
    }

    private static Opened<?> open(EncoderSpec spec) {
        for (EncoderFactory<?> factory : ServiceLoader.load(EncoderFactory.class)) {
            if (factory.type().equals(spec.type())) {
                return Opened.of(factory, spec);
            }
        }
        throw new IllegalArgumentException("no EncoderFactory for '" + spec.type() + "' encoders is on the "
                + "executors' class path: ship fusion-text, fusion-audio or fusion-image with the job");
    }

    private static void closeAll() {
        OPENED.values().forEach(Opened::close);
        OPENED.clear();
    }

    /** A factory and the encoder it built. */
    record Opened<I>(EncoderFactory<I> factory, Encoder<I> encoder) {

        static <I> Opened<I> of(EncoderFactory<I> factory, EncoderSpec spec) {
            return new Opened<>(factory, factory.create(spec));
        }

        /**
         * One raw input as the encoder takes it: text as it is, a file ({@link Path}) or a file's
         * content ({@code byte[]}) read by the factory.
         *
         * @throws dev.fusion4j.FusionException if the file or content cannot be read or decoded
         * @throws InvalidSampleException for another kind of value
         */
        I read(Object raw) {
            if (raw instanceof Path file) {
                return factory.read(file);
            }
            if (raw instanceof byte[] content) {
                return factory.read(content);
            }
            if (factory.inputType().isInstance(raw)) {
                return factory.inputType().cast(raw);
            }
            throw new InvalidSampleException("a " + raw.getClass().getName() + " is no input of a '"
                    + factory.type() + "' encoder; it takes a " + factory.inputType().getName()
                    + ", a file path or a file's content");
        }

        /** The features of inputs returned by {@link #read}, in one batch. */
        @SuppressWarnings("unchecked")
        List<Features> encodeAll(List<?> inputs) {
            return encoder.encodeAll((List<I>) inputs);
        }

        private void close() {
            if (encoder instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // the JVM is shutting down: nothing is left to tell
                }
            }
        }
    }
}
