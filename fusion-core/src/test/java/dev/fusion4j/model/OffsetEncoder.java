package dev.fusion4j.model;

import dev.fusion4j.CloseGuard;
import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderFactory;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The smallest encoder with a spec: a text becomes {@code scale · length + offset[i]} in each of
 * {@code width} columns, the offsets being its trained weights (zeros without them). Its factory is
 * registered for the tests, and it counts the instances open.
 */
final class OffsetEncoder implements Encoder<String>, AutoCloseable {
    static final String TYPE = "test-offset";
    /** Instances made and not yet closed. */
    static final AtomicInteger OPEN = new AtomicInteger();

    private final double scale;
    private final float[] offsets;
    private final EncoderSpec spec;
    private final CloseGuard guard = new CloseGuard("this encoder");

    private OffsetEncoder(double scale, float[] offsets, boolean trained) {
        this.scale = scale;
        this.offsets = offsets.clone();
        Map<String, String> settings = Map.of("width", Integer.toString(offsets.length), "scale", Double.toString(scale));
        this.spec = trained ? EncoderSpec.of(TYPE, settings, Map.of("offset", offsets)) : EncoderSpec.of(TYPE, settings);
        OPEN.incrementAndGet();
    }

    /** An encoder without weights. */
    static OffsetEncoder of(int width, double scale) {
        return new OffsetEncoder(scale, new float[width], false);
    }

    /** An encoder with trained offsets. */
    static OffsetEncoder trained(double scale, float... offsets) {
        return new OffsetEncoder(scale, offsets, true);
    }

    @Override
    public int dim() {
        return offsets.length;
    }

    @Override
    public Optional<EncoderSpec> spec() {
        return Optional.of(spec);
    }

    @Override
    public Features encode(String text) {
        return guard.call(() -> {
            float[] values = new float[offsets.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (scale * text.length() + offsets[i]);
            }
            return Features.vector(values);
        });
    }

    @Override
    public void close() {
        guard.close(OPEN::decrementAndGet);
    }

    /** Rebuilds offset encoders; texts are read as UTF-8. */
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
            int width = spec.integer("width");
            double scale = spec.real("scale");
            if (!spec.hasWeights()) {
                return of(width, scale);
            }
            float[] offsets = spec.weights().get("offset");
            if (offsets == null || offsets.length != width) {
                throw new IllegalArgumentException("the offsets do not fit the width " + width);
            }
            return trained(scale, offsets);
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
                throw new UncheckedIOException(e);
            }
        }
    }
}
