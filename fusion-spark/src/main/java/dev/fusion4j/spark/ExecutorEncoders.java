package dev.fusion4j.spark;

import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderFactory;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import java.util.List;
import java.util.Map;
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
        return Opened.of(EncoderFactory.find(spec.type()).orElseThrow(() -> new IllegalArgumentException(
                "no EncoderFactory for '" + spec.type() + "' encoders is on the executors' class path: ship "
                + "fusion-text, fusion-audio or fusion-image with the job")), spec);
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

        /** One raw input as the encoder takes it ({@link EncoderFactory#input}). */
        I read(Object raw) {
            return factory.input(raw);
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
