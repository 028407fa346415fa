package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.train.TrainingOptions;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trunks train with the model, save with it and come back through their factory. */
class TrunkTest {
    private static final List<MultimodalSample> TRAIN = TwoBitData.generate(200, 31);
    private static final List<MultimodalSample> TEST = TwoBitData.generate(60, 32);
    private static final TrainingOptions OPTIONS = TrainingOptions.builder().epochs(15).batchSize(32)
            .learningRate(5e-3f).progress(false).build();

    private static FusionSpec.Builder withTextTrunk(Trunk trunk) {
        return FusionSpec.builder()
                .modality(Modality.TEXT, trunk)
                .modality(Modality.AUDIO, TwoBitData.AUDIO_WIDTH)
                .fusion(Fusion.intermediate().width(16).concatMlp(16))
                .head(Head.classification(TwoBitData.LABELS))
                .seed(4);
    }

    @Test
    void trunkIsTrainedSavedAndRecreatedByItsFactory(@TempDir Path dir) throws IOException {
        LinearTrunk trunk = new LinearTrunk(TwoBitData.TEXT_WIDTH, 6);
        FusionSpec spec = withTextTrunk(trunk).build();
        FusionModel trained = spec.train(TRAIN, List.of(), OPTIONS);
        assertEquals(TwoBitData.TEXT_WIDTH, (int) trained.spec().inputWidths().get(Modality.TEXT), "samples carry raw text features");
        List<String> trunkNames = trained.parameters().keySet().stream()
                .filter(name -> name.startsWith("trunk.text.")).toList();
        assertEquals(2, trunkNames.size(), "the linear layer's weight and bias: " + trunkNames);
        for (String name : trunkNames) {
            assertFalse(Arrays.equals(spec.untrained().parameters().get(name), trained.parameters().get(name)),
                    name + " was trained");
        }
        assertTrue(trained.evaluate(TEST).accuracy() > 0.9, "accuracy " + trained.evaluate(TEST).accuracy());

        trained.save(dir);
        FusionModel loaded = FusionModel.load(dir);
        assertEquals(trunk.settings(), loaded.spec().trunks().get(Modality.TEXT).settings());
        List<Prediction> expected = Predictions.of(trained, TEST);
        List<Prediction> actual = Predictions.of(loaded, TEST);
        for (int i = 0; i < TEST.size(); i++) {
            assertArrayEquals(expected.get(i).probabilities(), actual.get(i).probabilities(), 1e-7);
        }
        Path file = dir.resolve("model.json");
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        json.getAsJsonObject("spec").getAsJsonArray("modalities").forEach(m -> {
            if (m.getAsJsonObject().has("trunk")) {
                m.getAsJsonObject().getAsJsonObject("trunk").addProperty("type", "no-such-trunk");
            }
        });
        Files.writeString(file, ModelDescription.seal(json));   // a valid checksum, so the trunk type is what fails
        ModelFormatException unknown = assertThrows(ModelFormatException.class, () -> FusionModel.load(dir));
        assertTrue(unknown.getMessage().contains("'no-such-trunk'") && unknown.getMessage().contains("TrunkFactory"),
                unknown.getMessage());
    }

    @Test
    void trunkStartsFromItsInitialWeightsWhenItHasThem() {
        float[] weight = new float[6 * TwoBitData.TEXT_WIDTH];
        Arrays.fill(weight, 0.25f);
        FusionModel seeded = withTextTrunk(new LinearTrunk(TwoBitData.TEXT_WIDTH, 6)).build().untrained();
        String weightName = seeded.parameters().keySet().stream()
                .filter(n -> n.startsWith("trunk.text.") && n.endsWith("weight")).findFirst().orElseThrow();
        String own = weightName.substring("trunk.text.".length());
        FusionModel pretrained = withTextTrunk(new LinearTrunk(TwoBitData.TEXT_WIDTH, 6,
                Map.of(own, weight))).build().untrained();
        assertArrayEquals(weight, pretrained.parameters().get(weightName));
        IllegalArgumentException wrongSize = assertThrows(IllegalArgumentException.class,
                () -> withTextTrunk(new LinearTrunk(TwoBitData.TEXT_WIDTH, 6, Map.of(own, new float[3]))).build());
        assertTrue(wrongSize.getMessage().contains(own), wrongSize.getMessage());
    }

    @Test
    void aTrunkModelRefusesNd4jServingAndStandardisation() {
        FusionModel model = withTextTrunk(new LinearTrunk(TwoBitData.TEXT_WIDTH, 6)).build().untrained();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> model.newPredictor(Backend.ND4J));
        assertTrue(e.getMessage().contains("text"), e.getMessage());
        IllegalArgumentException standardised = assertThrows(IllegalArgumentException.class,
                () -> withTextTrunk(new LinearTrunk(TwoBitData.TEXT_WIDTH, 6)).fusion(Fusion.early().standardised())
                        .build());
        assertTrue(standardised.getMessage().contains("standardised"), standardised.getMessage());
    }
}
