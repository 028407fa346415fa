package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.train.EpochMetrics;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model directories saved by format version 2 (the library before the spec had a codec), kept in
 * the test resources as that version wrote them, still load: the same spec, parameters and
 * predictions, with the provenance version 2 kept; saving them again writes the current version.
 */
class ModelFormatVersion2Test {

    private static Path resource(String name) {
        try {
            return Path.of(ModelFormatVersion2Test.class.getResource("v2/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the saved model {@code name}, so that loading may lock and tidy it. */
    private static Path copy(String name, Path dir) {
        try (Stream<Path> files = Files.list(resource(name))) {
            Files.createDirectories(dir);
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertSameParameters(FusionModel expected, FusionModel actual) {
        assertEquals(expected.parameters().keySet(), actual.parameters().keySet());
        expected.parameters().forEach((name, values) -> assertArrayEquals(values, actual.parameters().get(name), name));
    }

    @Test
    void aTrainedModelLoadsWithItsSpecHistoryAndPredictions(@TempDir Path dir) throws IOException {
        FusionSpec expected = FusionSpec.builder().modality(Modality.TEXT, TwoBitData.TEXT_WIDTH)
                .modality(Modality.AUDIO, TwoBitData.AUDIO_WIDTH).fusion(Fusion.intermediate().width(4).lowRank(2, 3))
                .modalityDropout(0.2).head(Head.classification(TwoBitData.LABELS)).seed(8).build();
        FusionModel loaded = FusionModel.load(copy("trained-low-rank", dir.resolve("v2")));
        assertEquals(expected, loaded.spec());
        Provenance provenance = loaded.provenance();
        assertEquals(List.of(new EpochMetrics(1, 1.2968697547912598, Double.NaN, Double.NaN, 0.111797955),
                new EpochMetrics(2, 1.3021024465560913, Double.NaN, Double.NaN, 0.034914241)), provenance.history());
        assertEquals(Map.of("fusion4j", "development", "java", "17.0.15", "os", "Linux amd64"),
                provenance.versions());
        assertEquals(List.of(Map.of(), Optional.empty(), Map.of(), Optional.empty()), List.of(provenance.options(),
                provenance.data(), provenance.encoders(), provenance.trainedAt()), "version 2 did not keep them");

        JsonArray saved = JsonParser.parseString(Files.readString(resource("trained-low-rank-predictions.json")))
                .getAsJsonArray();
        List<MultimodalSample> test = TwoBitData.generate(6, 22);
        List<Prediction> predictions = Predictions.of(loaded, test);
        for (int i = 0; i < test.size(); i++) {
            double[] probabilities = new double[TwoBitData.LABELS.length];
            for (int c = 0; c < probabilities.length; c++) {
                probabilities[c] = saved.get(i).getAsJsonArray().get(c).getAsDouble();
            }
            assertArrayEquals(probabilities, predictions.get(i).probabilities(), 1e-6, "sample " + i);
        }

        Path again = dir.resolve("saved-again");
        loaded.save(again);
        assertEquals(3, ModelFiles.readJson(again).get("formatVersion").getAsInt());
        FusionModel reloaded = FusionModel.load(again);
        assertEquals(loaded.spec(), reloaded.spec());
        assertEquals(provenance, reloaded.provenance());
        assertSameParameters(loaded, reloaded);
    }

    @Test
    void theInputLayoutsOfVersion2AreKept(@TempDir Path dir) {
        FusionModel loaded = FusionModel.load(copy("trained-low-rank", dir));
        assertEquals(Map.of(Modality.TEXT, false, Modality.AUDIO, true), loaded.sequenceInputs());
    }

    @Test
    void untrainedModelsOfEveryKindLoadWithTheSpecsSeededWeights(@TempDir Path dir) {
        Map<String, FusionSpec> specs = Map.of(
                "cross-attention", FusionSpec.builder().modality(Modality.TEXT, 3).modality(Modality.AUDIO, 2)
                        .fusion(Fusion.intermediate().width(8).dropout(0.2f).crossAttention(2, 1)
                                .selfAttentionLayers(0).attentionBudget(1L << 20))
                        .head(Head.multiLabel("x", "y")).seed(5).build(),
                "late-weighted", FusionSpec.builder().modality(Modality.TEXT, 3).modality(Modality.AUDIO, 2)
                        .fusion(Fusion.late().standardised().weighted(1, 2)).modalityDropout(Modality.AUDIO, 0.25)
                        .head(Head.classification("a", "b", "c")).seed(6).build(),
                "trunk-embedding", FusionSpec.builder().modality(Modality.TEXT, new LinearTrunk(3, 2))
                        .modality(Modality.AUDIO, 2).fusion(Fusion.intermediate().width(4).concatMlp(5, 3))
                        .head(Head.embedding(3, "a", "b")).seed(7).build());
        specs.forEach((name, spec) -> {
            FusionModel loaded = FusionModel.load(copy(name, dir.resolve(name)));
            FusionModel untrained = spec.untrained();
            assertEquals(spec, loaded.spec(), name);
            assertSameParameters(untrained, loaded);
            assertTrue(loaded.provenance().history().isEmpty(), name);
        });
    }
}
