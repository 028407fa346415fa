package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.internal.io.DirectoryLock;
import dev.fusion4j.train.TrainingOptions;

import com.google.gson.JsonObject;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    private static final List<MultimodalSample> TRAIN = TwoBitData.generate(200, 21);
    private static final List<MultimodalSample> TEST = TwoBitData.generate(60, 22);

    private static FusionModel trained(FusionStrategy strategy) {
        return FusionSpec.builder()
                .modality(Modality.TEXT, TwoBitData.TEXT_WIDTH)
                .modality(Modality.AUDIO, TwoBitData.AUDIO_WIDTH)
                .fusion(strategy)
                .modalityDropout(0.2)
                .head(Head.classification(TwoBitData.LABELS))
                .seed(8)
                .build()
                .train(TRAIN, List.of(), TrainingOptions.builder().epochs(3).progress(false).build());
    }

    @Test
    void everyStrategyRoundTripsAndRunsOnNd4jWithTheSamePredictions(@TempDir Path dir) {
        List<FusionStrategy> strategies = List.of(
                Fusion.early().standardised(),
                Fusion.intermediate().width(6).lowRank(2, 5),
                Fusion.intermediate().width(4).tensor(),
                Fusion.intermediate().width(8).concatMlp(8, 6),
                Fusion.intermediate().width(8).crossAttention(2, 1),
                Fusion.intermediate().width(8).selfAttention(2, 1),
                Fusion.late().weighted(1, 2),
                Fusion.late().stacker(),
                Fusion.late().standardised().productOfExperts());
        for (int s = 0; s < strategies.size(); s++) {
            Path target = dir.resolve("model-" + s);
            FusionModel model = trained(strategies.get(s));
            model.save(target);
            FusionModel loaded = FusionModel.load(target);
            assertEquals(model.spec().strategy(), loaded.spec().strategy());
            assertEquals(model.spec().head(), loaded.spec().head());
            assertEquals(model.spec().inputSchema(), loaded.spec().inputSchema());
            assertEquals(model.spec().modalityDropout(), loaded.spec().modalityDropout());
            assertEquals(model.provenance().history(), loaded.provenance().history(), "the training history survives save and load");
            assertEquals(false, loaded.provenance().history().isEmpty());
            List<Prediction> original = Predictions.of(model, TEST);
            List<Prediction> reloaded = Predictions.of(loaded, TEST);
            List<Prediction> nd4j = Predictions.of(loaded, Backend.ND4J, TEST);
            for (int i = 0; i < TEST.size(); i++) {
                assertArrayEquals(original.get(i).probabilities(), reloaded.get(i).probabilities(), 0.0);
                assertArrayEquals(original.get(i).probabilities(), nd4j.get(i).probabilities(), 1e-5,
                        strategies.get(s) + " sample " + i);
            }
        }
    }

    @Test
    void savingAgainReplacesTheModelAndLeavesOneWeightFile(@TempDir Path dir) throws IOException {
        FusionModel first = trained(Fusion.early());
        FusionModel second = trained(Fusion.intermediate().width(4).sum());
        first.save(dir);
        second.save(dir);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("model.json", weightFile(dir).getFileName().toString()), files
                    .map(p -> p.getFileName().toString()).filter(name -> !name.equals(DirectoryLock.FILE))
                    .sorted().toList(), "model.json and one weight file, besides the lock");
        }
        FusionModel loaded = FusionModel.load(dir);
        assertEquals(second.spec().strategy(), loaded.spec().strategy());
    }

    private static Path saved(Path dir) {
        FusionModel model = trained(Fusion.early());
        model.save(dir);
        return dir;
    }

    private static Path weightFile(Path dir) throws IOException {
        return ModelFiles.weightFile(dir);
    }

    private static void editJson(Path dir, UnaryOperator<JsonObject> edit) throws IOException {
        ModelFiles.editJson(dir, edit);
    }

    private static String loadError(Path dir) {
        return assertThrows(ModelFormatException.class, () -> FusionModel.load(dir)).getMessage();
    }

    @Test
    void corruptedWeightsFailTheChecksum(@TempDir Path dir) throws IOException {
        Path weights = weightFile(saved(dir));
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(weights, bytes);
        assertTrue(loadError(dir).contains("SHA-256"));
    }

    @Test
    void truncatedOrOversizedWeightsAreRejected(@TempDir Path dir) throws IOException {
        Path weights = weightFile(saved(dir));
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(loadError(dir).contains("declares"));
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length + 100));
        assertTrue(loadError(dir).contains("declares"));
    }

    @Test
    void wrongVersionForeignFormatAndBadJsonAreRejected(@TempDir Path dir) throws IOException {
        saved(dir);
        editJson(dir, json -> {
            json.addProperty("formatVersion", 99);
            return json;
        });
        assertTrue(loadError(dir).contains("format version 99; this library reads versions 2 to 3"));
        editJson(dir, json -> {
            json.addProperty("formatVersion", 1);
            json.addProperty("format", "keras");
            return json;
        });
        assertTrue(loadError(dir).contains("not a Fusion4J model"));
        Files.writeString(dir.resolve("model.json"), "{ not json", StandardCharsets.UTF_8);
        assertTrue(loadError(dir).contains("not valid JSON"));
        Files.delete(dir.resolve("model.json"));
        assertTrue(loadError(dir).contains("model.json is missing"));
    }

    @Test
    void pathTraversalInTheWeightFileNameIsRejected(@TempDir Path dir) throws IOException {
        saved(dir);
        editJson(dir, json -> {
            json.getAsJsonObject("weights").addProperty("file", "../../etc/passwd");
            return json;
        });
        assertTrue(loadError(dir).contains("not of the form"));
    }

    @Test
    void architectureThatDoesNotMatchTheWeightsIsRejected(@TempDir Path dir) throws IOException {
        saved(dir);
        editJson(dir, json -> {
            json.getAsJsonObject("spec").getAsJsonArray("modalities").get(0).getAsJsonObject().addProperty("width", 7);
            return json;
        });
        String message = loadError(dir);
        assertTrue(message.contains("shape") || message.contains("width"), message);
    }
}
