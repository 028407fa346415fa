package dev.fusion4j.internal.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionStrategy;
import dev.fusion4j.internal.tensor.Backends;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MulT as {@code Fusion.intermediate().crossAttention} builds it, against a PyTorch implementation
 * written from the paper ({@code src/test/resources/reference/make_mult_reference.py}): the same
 * weights, loaded by name, and a batch with padding and absent modalities give the same output.
 */
class CrossModalAttentionReferenceTest {
    private static final float TOLERANCE = 1e-5f;
    private static final JsonObject REFERENCE = read();

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : List.of("djl", "nd4j")) {
            cases.add(Arguments.of("mult", backend));
            cases.add(Arguments.of("cross-only", backend));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void fusesLikeThePyTorchReference(String caseName, String backendName) {
        TensorBackend backend = Backends.named(backendName);
        JsonObject reference = find(caseName);
        ModalitySchema schema = schema();
        int heads = reference.get("heads").getAsInt();
        int layers = reference.get("layers").getAsInt();
        FusionStrategy.Attention mult = Fusion.intermediate().width(reference.get("width").getAsInt()).dropout(0f)
                .crossAttention(heads, layers);
        FusionStrategy.Attention strategy = caseName.equals("mult")
                ? mult // MulT complete is the default
                : mult.selfAttentionLayers(0).residualBlock(false);
        assertEquals(reference.get("selfAttentionLayers").getAsInt(), strategy.selfAttentionLayers());
        assertEquals(reference.get("residualBlock").getAsBoolean(), strategy.residualBlock());
        FusionOperator operator = strategy.createOperator(schema, null, 0);

        JsonObject parameters = reference.getAsJsonObject("parameters");
        Set<String> declared = new TreeSet<>();
        operator.parameters().forEach(spec -> declared.add(spec.name()));
        assertEquals(new TreeSet<>(parameters.keySet()), declared, "the operator declares the reference's parameters");
        FixedContext context = new FixedContext(backend);
        for (ParameterSpec spec : operator.parameters()) {
            JsonObject p = parameters.getAsJsonObject(spec.name());
            assertArrayEquals(spec.shapeArray(), longs(p.getAsJsonArray("shape")), spec.name());
            context.set(spec.name(), floats(p.getAsJsonArray("values")), spec.shapeArray());
        }

        MultimodalBatch batch = MultimodalBatch.collate(samples(schema), schema.widths());
        float[] actual = operator.fuse(context, FusionInputs.of(batch, schema, backend)).toFloatArray();
        float[] expected = floats(reference.getAsJsonObject("output").getAsJsonArray("values"));
        assertArrayEquals(expected, actual, TOLERANCE);
    }

    private static ModalitySchema schema() {
        ModalitySchema.Builder schema = ModalitySchema.builder();
        for (JsonElement m : REFERENCE.getAsJsonArray("modalities")) {
            schema.add(Modality.of(m.getAsJsonObject().get("name").getAsString()),
                    m.getAsJsonObject().get("width").getAsInt());
        }
        return schema.build();
    }

    /** The reference's samples; a modality given as null is absent. */
    private static List<MultimodalSample> samples(ModalitySchema schema) {
        List<MultimodalSample> samples = new ArrayList<>();
        for (JsonElement element : REFERENCE.getAsJsonArray("samples")) {
            MultimodalSample.Builder sample = MultimodalSample.builder();
            for (Modality modality : schema.modalities()) {
                JsonElement steps = element.getAsJsonObject().get(modality.name());
                if (!steps.isJsonNull()) {
                    JsonArray rows = steps.getAsJsonArray();
                    float[][] values = new float[rows.size()][];
                    for (int t = 0; t < rows.size(); t++) {
                        values[t] = floats(rows.get(t).getAsJsonArray());
                    }
                    sample.put(modality, Features.sequence(values));
                }
            }
            samples.add(sample.build());
        }
        return samples;
    }

    private static JsonObject find(String name) {
        for (JsonElement c : REFERENCE.getAsJsonArray("cases")) {
            if (c.getAsJsonObject().get("name").getAsString().equals(name)) {
                return c.getAsJsonObject();
            }
        }
        throw new IllegalArgumentException("no case '" + name + "' in the reference");
    }

    private static float[] floats(JsonArray array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).getAsDouble();
        }
        return values;
    }

    private static long[] longs(JsonArray array) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsLong();
        }
        return values;
    }

    private static JsonObject read() {
        try (InputStream in = CrossModalAttentionReferenceTest.class.getResourceAsStream("/reference/mult_reference.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
