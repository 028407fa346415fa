package dev.fusion4j.model;

import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.internal.io.SafeTensors;
import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ParameterSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The weight file of a pipeline's encoder: {@code encoder-<16 hex>.safetensors}, named by the
 * first 16 hexadecimal digits of the weights' SHA-256 ({@link EncoderSpec#WEIGHTS_SHA256}, which
 * the model's spec records), one one-dimensional tensor per weight. Reading recomputes the SHA-256
 * from the tensors, so a file that is not the one recorded is refused.
 */
final class EncoderWeights {
    static final Pattern NAME = Pattern.compile("encoder-[0-9a-f]{16}\\.safetensors");

    private EncoderWeights() {
    }

    /** The weight file of an encoder that {@link EncoderSpec#hasWeights() has weights}. */
    static String fileName(EncoderSpec spec) {
        return "encoder-" + spec.setting(EncoderSpec.WEIGHTS_SHA256).substring(0, 16) + ".safetensors";
    }

    /** The weight files of the encoders {@code spec} records. */
    static Set<String> fileNames(FusionSpec spec) {
        Set<String> names = new TreeSet<>();
        spec.encoderSpecs().values().stream().filter(EncoderSpec::hasWeights).forEach(e -> names.add(fileName(e)));
        return names;
    }

    /** The weight file of {@code spec}'s weights. */
    static byte[] write(EncoderSpec spec) {
        Map<String, float[]> weights = spec.weights();
        List<ParameterSpec> tensors = new ArrayList<>();
        weights.forEach((name, values) -> tensors.add(ParameterSpec.of(name, Initializer.zeros(), values.length)));
        return SafeTensors.write(tensors, weights);
    }

    /**
     * {@code recorded} with its weights, read from its file in {@code directory}.
     *
     * @throws ModelFormatException if the file is missing, too large, malformed, or holds other weights
     */
    static EncoderSpec read(Path directory, EncoderSpec recorded) {
        Path file = directory.resolve(fileName(recorded));
        ModelStore.weightFileSize(file);
        byte[] bytes = ModelStore.readAll(file);
        SafeTensors.Layout layout = SafeTensors.layout(bytes, file.toString());
        List<ParameterSpec> tensors = new ArrayList<>();
        try {
            layout.entries().values().forEach(entry -> tensors.add(
                    new ParameterSpec(entry.name(), entry.shape(), Initializer.zeros(), false)));
            return EncoderSpec.of(recorded.type(), recorded.settings(), SafeTensors.read(bytes, layout, tensors));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file + " does not hold the weights of the '" + recorded.type()
                    + "' encoder model.json records: " + e.getMessage(), e);
        }
    }
}
