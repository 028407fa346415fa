package dev.fusion4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.Head;
import dev.fusion4j.model.Prediction;
import dev.fusion4j.model.Predictor;
import dev.fusion4j.train.TrainingOptions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ResNet trained end to end inside a FusionModel: it learns, saves, loads and fine-tunes. */
class ResNetTrunkTest {
    private static final int SIZE = 32;
    private static final Modality TAG = Modality.of("tag");
    private static final ImagePreprocessor PIXELS = ImagePreprocessor.of(SIZE, SIZE,
            new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});

    @Test
    void trunkLearnsAnImageOnlyTaskEndToEndAndSurvivesSaveAndLoad(@TempDir Path directory) {
        ResNetTrunk trunk = ResNetTrunk.of(ResNet.Depth.RESNET18, 0.125, SIZE);
        List<MultimodalSample> train = squares(trunk, 240, new Random(1));
        List<MultimodalSample> test = squares(trunk, 80, new Random(2));
        FusionModel model = spec(trunk).untrained();
        FusionModel trained = model.fit(train, List.of(), TrainingOptions.builder()
                .learningRate(0.005f).batchSize(16).epochs(12).build());
        double accuracy = trained.evaluate(test).accuracy();
        assertTrue(accuracy >= 0.9, "the square's quadrant is learnable from pixels only; accuracy " + accuracy
                + " (chance 0.25)");

        Map<String, float[]> before = model.parameters();
        Map<String, float[]> after = trained.parameters();
        String firstConvolution = trunkParameter(after, "Conv2d_weight");
        assertFalse(Arrays.equals(before.get(firstConvolution), after.get(firstConvolution)),
                "the trunk's weights were trained, not frozen");
        String runningMean = trunkParameter(after, "runningMean");
        assertTrue(maxAbs(after.get(runningMean)) > 0, "batch-norm statistics were updated in training");

        trained.save(directory);
        FusionModel loaded = FusionModel.load(directory);
        assertEquals(Map.of(Modality.IMAGE, trunk.settings()), Map.of(Modality.IMAGE,
                loaded.spec().trunks().get(Modality.IMAGE).settings()));
        try (Predictor original = trained.newPredictor(); Predictor reloaded = loaded.newPredictor()) {
            List<Prediction> expected = original.predictAll(test);
            List<Prediction> actual = reloaded.predictAll(test);
            for (int i = 0; i < test.size(); i++) {
                assertArrayEquals(expected.get(i).probabilities(), actual.get(i).probabilities(), 1e-6);
            }
        }
    }

    @Test
    void fineTuningStartsFromTheTrainedBodysWeights() {
        Engine.getEngine("PyTorch").setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block pretrained = ResNet.features(ResNet.Depth.RESNET18, 0.125);
            pretrained.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
            ResNetTrunk trunk = ResNetTrunk.of(ResNet.Depth.RESNET18, 0.125, SIZE).startingFrom(pretrained);
            FusionModel model = spec(trunk).untrained();
            float[] expected = pretrained.getParameters().valueAt(0).getArray().toFloatArray();
            assertArrayEquals(expected, model.parameters().get(trunkParameter(model.parameters(), "Conv2d_weight")));
            Block other = ResNet.features(ResNet.Depth.RESNET18, 0.25);
            other.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
            IllegalArgumentException wrongWidth = assertThrows(IllegalArgumentException.class,
                    () -> ResNetTrunk.of(ResNet.Depth.RESNET18, 0.125, SIZE).startingFrom(other));
            assertTrue(wrongWidth.getMessage().contains("needs"), wrongWidth.getMessage());
        }
    }

    @Test
    void settingsThatCannotWorkAreRefusedWithTheReason() {
        ResNetTrunk trunk = ResNetTrunk.of(ResNet.Depth.RESNET18, 0.125, SIZE);
        assertThrows(IllegalArgumentException.class, () -> ResNetTrunk.of(ResNet.Depth.RESNET18, 0.125, 16));
        assertThrows(IllegalArgumentException.class, () -> ResNetTrunk.of(ResNet.Depth.RESNET18, 0, SIZE));
        assertThrows(IllegalArgumentException.class, () -> trunk.input(new float[3 * 16 * 16]));
        assertEquals(3 * SIZE * SIZE, (int) spec(trunk).inputWidths().get(Modality.IMAGE), "samples carry pixels");
        assertThrows(IllegalArgumentException.class, () -> new ResNetTrunk.Factory().create(Map.of("depth", "RESNET99",
                "widthMultiplier", "1", "imageSize", "64")));
    }

    private static FusionSpec spec(ResNetTrunk trunk) {
        return FusionSpec.builder()
                .modality(Modality.IMAGE, trunk)
                .modality(TAG, 4)
                .fusion(Fusion.intermediate().width(16).concatMlp(16))
                .head(Head.classification("top-left", "top-right", "bottom-left", "bottom-right"))
                .seed(5)
                .build();
    }

    /** Noisy grey images with a bright square in the quadrant that is the label; the tag is noise. */
    private static List<MultimodalSample> squares(ResNetTrunk trunk, int count, Random random) {
        List<MultimodalSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int quadrant = i % 4;
            BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int grey = 60 + random.nextInt(80);
                    image.setRGB(x, y, new Color(grey, grey, grey).getRGB());
                }
            }
            int side = 8 + random.nextInt(5);
            int x0 = (quadrant % 2) * SIZE / 2 + random.nextInt(SIZE / 2 - side + 1);
            int y0 = (quadrant / 2) * SIZE / 2 + random.nextInt(SIZE / 2 - side + 1);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(230, 230, 230));
            g.fillRect(x0, y0, side, side);
            g.dispose();
            float[] tag = new float[4];
            for (int k = 0; k < tag.length; k++) {
                tag[k] = (float) random.nextGaussian();
            }
            samples.add(MultimodalSample.builder()
                    .put(Modality.IMAGE, trunk.input(PIXELS.apply(image)))
                    .put(TAG, Features.vector(tag))
                    .label(quadrant)
                    .build());
        }
        return samples;
    }

    private static String trunkParameter(Map<String, float[]> parameters, String suffix) {
        return parameters.keySet().stream().filter(name -> name.startsWith("trunk.image.") && name.endsWith(suffix))
                .findFirst().orElseThrow(() -> new AssertionError("no trunk parameter ending in " + suffix
                        + " among " + parameters.keySet()));
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
