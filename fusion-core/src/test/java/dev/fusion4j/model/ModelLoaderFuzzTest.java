package dev.fusion4j.model;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fusion4j.data.Modality;
import dev.fusion4j.train.TrainingOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fuzz target: a model directory made from a valid saved model by structure-aware mutations of
 * {@code model.json} (its spec, statistics and provenance) and of the weight file's header
 * (numbers, names, list lengths, members; see {@link JsonMutator}), with the checksums recomputed
 * unless the fuzzer says otherwise, loads or fails with {@link ModelFormatException}; nothing else,
 * and no {@link OutOfMemoryError}.
 */
class ModelLoaderFuzzTest {
    private static final List<Template> TEMPLATES = List.of(
            // a trunk, so that the trunk's parsing and its factory are reached too
            template(FusionSpec.builder().modality(Modality.TEXT, new LinearTrunk(3, 2)).modality(Modality.AUDIO, 2)
                    .fusion(Fusion.intermediate().width(4).lowRank(2, 3)).head(Head.classification("a", "b"))),
            template(FusionSpec.builder().modality(Modality.TEXT, 3).modality(Modality.AUDIO, 2)
                    .fusion(Fusion.intermediate().width(4).crossAttention(2, 1)).head(Head.multiLabel("x", "y"))),
            template(FusionSpec.builder().modality(Modality.TEXT, 3).modality(Modality.IMAGE, 2)
                    .fusion(Fusion.early().standardised()).head(Head.regression("v"))),
            template(FusionSpec.builder().modality(Modality.TEXT, 3).modality(Modality.AUDIO, 2)
                    .fusion(Fusion.late().weighted(1, 2)).head(Head.classification("a", "b", "c"))),
            template(FusionSpec.builder().modality(Modality.TEXT, 3).modality(Modality.AUDIO, 2)
                    .fusion(Fusion.intermediate().width(4).concatMlp(5, 3)).head(Head.embedding(3, "a", "b"))),
            // trained, so that the provenance has its data fingerprint, options, versions and history
            template(FusionSpec.builder().modality(Modality.TEXT, TwoBitData.TEXT_WIDTH)
                    .modality(Modality.AUDIO, TwoBitData.AUDIO_WIDTH).fusion(Fusion.early())
                    .head(Head.classification(TwoBitData.LABELS)).build().train(TwoBitData.generate(20, 1), List.of(),
                            TrainingOptions.builder().epochs(2).progress(false).build())));

    /** A saved model's files, parsed. */
    private record Template(JsonObject modelJson, String weightsName, JsonObject header, byte[] data) {
    }

    private static Template template(FusionSpec.Builder builder) {
        return template(builder.build().untrained());
    }

    private static Template template(FusionModel model) {
        try {
            Path dir = Files.createTempDirectory("fusion4j-fuzz-model");
            model.save(dir);
            Path weights = ModelFiles.weightFile(dir);
            byte[] bytes = Files.readAllBytes(weights);
            String header = ModelFiles.weightsHeader(dir);
            int dataStart = 8 + header.getBytes(StandardCharsets.UTF_8).length;
            Template template = new Template(ModelFiles.readJson(dir), weights.getFileName().toString(),
                    JsonParser.parseString(header).getAsJsonObject(), Arrays.copyOfRange(bytes, dataStart, bytes.length));
            delete(dir);
            return template;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void loadThrowsOnlyModelFormatException(FuzzedDataProvider data) throws IOException {
        Template template = data.pickValue(TEMPLATES);
        JsonMutator mutator = new JsonMutator(data);
        JsonObject header = template.header().deepCopy();
        mutator.mutate(header, 2);
        byte[] weights = weightFile(header, template.data(), data);
        JsonObject json = template.modelJson().deepCopy();
        if (data.consumeInt(0, 15) != 0) {   // mostly a weight file of the declared size and SHA-256
            json.getAsJsonObject("weights").addProperty("bytes", weights.length);
            json.getAsJsonObject("weights").addProperty("sha256", ModelStore.sha256(weights));
        }
        mutator.mutate(json, 4);
        String text = data.consumeInt(0, 15) != 0 ? ModelDescription.seal(json) : json.toString();
        Path dir = Files.createTempDirectory("fusion4j-fuzz-case");
        try {
            Files.write(dir.resolve(template.weightsName()), weights);
            Files.writeString(dir.resolve(ModelStore.MODEL_FILE), text);
            try {
                FusionModel.load(dir).spec();
            } catch (ModelFormatException expected) {
                // documented
            }
        } finally {
            delete(dir);
        }
    }

    /** The weight file of {@code header} and {@code data}, one of whose values may become NaN. */
    private static byte[] weightFile(JsonObject header, byte[] data, FuzzedDataProvider fuzz) {
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(data);
        if (data.length >= 4 && fuzz.consumeInt(0, 15) == 0) {
            out.putFloat(8 + json.length + 4 * fuzz.consumeInt(0, data.length / 4 - 1), Float.NaN);
        }
        return out.array();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }
}
