package dev.fusion4j.model;

import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderFactory;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.data.RawInputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The encoders of one {@link FusionPipeline.Predictor}, rebuilt from their specs by the
 * {@link EncoderFactory}s on the class path, and the way from raw inputs to samples: a file or a
 * file's content is read by the factory, a value of the encoder's input type is taken as it is,
 * and each modality's inputs are encoded in one {@code encodeAll}. Closing closes the encoders.
 */
final class PipelineEncoders implements AutoCloseable {
    private final Map<Modality, Slot<?>> slots;

    private PipelineEncoders(Map<Modality, Slot<?>> slots) {
        this.slots = slots;
    }

    /**
     * Rebuilds the encoders and checks each against the model's record ({@link #requireMatch}).
     *
     * @throws ModelFormatException if a factory is missing or refuses its spec
     * @throws EncoderMismatchException if a rebuilt encoder differs from the recorded one
     */
    static PipelineEncoders open(FusionSpec model, Map<Modality, EncoderSpec> specs) {
        Map<Modality, Slot<?>> slots = new LinkedHashMap<>();
        try {
            specs.forEach((modality, spec) -> {
                EncoderFactory<?> factory = factory(spec.type()).orElseThrow(() -> new ModelFormatException(
                        "modality '" + modality + "': " + missingFactory(spec.type())));
                Slot<?> slot = Slot.open(modality, factory, spec);
                slots.put(modality, slot);
                requireMatch(model, modality, slot.encoder().spec().orElse(null), slot.encoder().dim());
            });
        } catch (RuntimeException e) {
            new PipelineEncoders(slots).close();
            throw e;
        }
        return new PipelineEncoders(slots);
    }

    /** The factory of encoders of {@code type} on the class path, if there is one. */
    static Optional<EncoderFactory<?>> factory(String type) {
        for (EncoderFactory<?> factory : ServiceLoader.load(EncoderFactory.class)) {
            if (factory.type().equals(type)) {
                return Optional.of(factory);
            }
        }
        return Optional.empty();
    }

    static String missingFactory(String type) {
        return "no EncoderFactory for '" + type + "' encoders is on the class path (fusion-text rebuilds 'bert-text', "
                + "fusion-audio 'mfcc', fusion-image 'resnet-image' encoders)";
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

    /**
     * The samples with each raw input encoded.
     *
     * @throws InvalidSampleException if a sample has a modality the pipeline lacks, or an input of
     *     a type its encoder does not take
     */
    List<MultimodalSample> encode(List<RawInputs> samples) {
        for (int i = 0; i < samples.size(); i++) {
            for (Modality modality : samples.get(i).modalities()) {
                if (!slots.containsKey(modality)) {
                    throw new InvalidSampleException(samples.get(i).describe(i) + " has modality '" + modality
                            + "', which the pipeline does not have; its modalities are " + slots.keySet());
                }
            }
        }
        List<MultimodalSample.Builder> builders = new ArrayList<>();
        for (RawInputs sample : samples) {
            MultimodalSample.Builder builder = MultimodalSample.builder();
            sample.id().ifPresent(builder::id);
            builders.add(builder);
        }
        slots.forEach((modality, slot) -> {
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (samples.get(i).modalities().contains(modality)) {
                    positions.add(i);
                }
            }
            List<Features> features = slot.encodeAll(samples, positions);
            for (int k = 0; k < positions.size(); k++) {
                builders.get(positions.get(k)).put(modality, features.get(k));
            }
        });
        return builders.stream().map(MultimodalSample.Builder::build).toList();
    }

    /** Closes the encoders that hold native memory. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (Slot<?> slot : slots.values()) {
            if (slot.encoder() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    failure = failure == null ? new IllegalStateException("cannot close an encoder: " + e, e) : failure;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One modality's factory and encoder, of one input type. */
    private record Slot<I>(Modality modality, EncoderFactory<I> factory, Encoder<I> encoder) {

        static <I> Slot<I> open(Modality modality, EncoderFactory<I> factory, EncoderSpec spec) {
            try {
                return new Slot<>(modality, factory, factory.create(spec));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("modality '" + modality + "': the '" + spec.type()
                        + "' encoder's spec is invalid: " + e.getMessage(), e);
            }
        }

        List<Features> encodeAll(List<RawInputs> samples, List<Integer> positions) {
            List<I> inputs = new ArrayList<>(positions.size());
            for (int i : positions) {
                inputs.add(input(samples.get(i).get(modality).orElseThrow(), samples.get(i).describe(i)));
            }
            return encoder.encodeAll(inputs);
        }

        private I input(Object raw, String sample) {
            if (raw instanceof Path file) {
                return factory.read(file);
            }
            if (raw instanceof byte[] content) {
                return factory.read(content);
            }
            if (factory.inputType().isInstance(raw)) {
                return factory.inputType().cast(raw);
            }
            throw new InvalidSampleException(sample + " gives modality '" + modality + "' a " + raw.getClass().getName()
                    + "; its encoder takes a " + factory.inputType().getName() + ", a file (Path) or its content (byte[])");
        }
    }
}
