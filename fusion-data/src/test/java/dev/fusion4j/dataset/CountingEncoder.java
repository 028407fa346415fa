package dev.fusion4j.dataset;

import dev.fusion4j.FusionException;
import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderFactory;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A text encoder with a spec that counts what it encodes: a text becomes {@code [length · scale,
 * code of its first character]}. A text {@code "fail"} makes it throw a {@link FusionException}
 * naming it, and a {@code delayMillis} setting slows each batch. Its factory is registered for the
 * tests; it records the threads that called it.
 */
final class CountingEncoder implements Encoder<String>, AutoCloseable {
    static final String TYPE = "test-counting";
    /** Inputs encoded by every instance since the last {@link #reset()}. */
    static final AtomicInteger ENCODED = new AtomicInteger();
    /** Instances made and not yet closed. */
    static final AtomicInteger OPEN = new AtomicInteger();
    /** The names of the threads that encoded since the last {@link #reset()}. */
    static final Set<String> THREADS = ConcurrentHashMap.newKeySet();

    private final EncoderSpec spec;
    private final double scale;
    private final long delayMillis;
    private final AtomicInteger encoded = new AtomicInteger();

    CountingEncoder(double scale, long delayMillis) {
        this.spec = EncoderSpec.of(TYPE, Map.of("scale", Double.toString(scale), "delayMillis",
                Long.toString(delayMillis)));
        this.scale = scale;
        this.delayMillis = delayMillis;
        OPEN.incrementAndGet();
    }

    static void reset() {
        ENCODED.set(0);
        THREADS.clear();
    }

    /** Inputs this instance encoded. */
    int encoded() {
        return encoded.get();
    }

    @Override
    public int dim() {
        return 2;
    }

    @Override
    public Optional<EncoderSpec> spec() {
        return Optional.of(spec);
    }

    @Override
    public Features encode(String text) {
        return encodeAll(List.of(text)).get(0);
    }

    @Override
    public List<Features> encodeAll(List<String> texts) {
        THREADS.add(Thread.currentThread().getName());
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return texts.stream().map(text -> {
            if (text.equals("fail")) {
                throw new FusionException("cannot encode the text 'fail'");
            }
            ENCODED.incrementAndGet();
            encoded.incrementAndGet();
            return Features.vector((float) (text.length() * scale), text.isEmpty() ? 0 : text.charAt(0));
        }).toList();
    }

    @Override
    public void close() {
        OPEN.decrementAndGet();
    }

    /** Rebuilds counting encoders; files are read as UTF-8. */
    public static final class Factory implements EncoderFactory<String> {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Class<String> inputType() {
            return String.class;
        }

        @Override
        public Encoder<String> create(EncoderSpec spec) {
            return new CountingEncoder(spec.real("scale"), spec.integer("delayMillis"));
        }

        @Override
        public String read(byte[] content) {
            return new String(content, StandardCharsets.UTF_8);
        }

        @Override
        public String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new FusionException("cannot read " + file + ": " + e, e);
            }
        }
    }
}
