package dev.fusion4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.fusion4j.data.EncoderSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ResNet encoder's spec names its backbone and preprocessing; the factory rebuilds it exactly. */
class ResNetImageEncoderSpecTest {
    private static final ResNetImageEncoder.Factory FACTORY = new ResNetImageEncoder.Factory();
    private static final ImagePreprocessor PIXELS = ImagePreprocessor.of(36, 32, new float[] {0.5f, 0.25f, 0},
            new float[] {0.5f, 1, 2});

    private static List<BufferedImage> images() {
        Random random = new Random(5);
        BufferedImage a = new BufferedImage(40, 36, BufferedImage.TYPE_INT_RGB);
        BufferedImage b = new BufferedImage(33, 50, BufferedImage.TYPE_INT_RGB);
        for (BufferedImage image : List.of(a, b)) {
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    image.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
        }
        return List.of(a, b);
    }

    private static void assertSameFeatures(ResNetImageEncoder expected, ResNetImageEncoder actual) {
        List<BufferedImage> images = images();
        for (int i = 0; i < images.size(); i++) {
            assertArrayEquals(expected.encode(images.get(i)).toArray(), actual.encode(images.get(i)).toArray());
        }
    }

    @Test
    void aBuiltInBackboneIsNamedByItsLayoutAndSeed() {
        try (ResNetImageEncoder encoder = ResNetImageEncoder.builder().builtIn(ResNet.Depth.RESNET18, 0.125, 7)
                .preprocessor(PIXELS).output(ResNetImageEncoder.Output.TOKENS).batchSize(1).build();
             ResNetImageEncoder rebuilt = FACTORY.create(encoder.spec().orElseThrow());
             ResNetImageEncoder otherSeed = ResNetImageEncoder.builder().builtIn(ResNet.Depth.RESNET18, 0.125, 8)
                     .preprocessor(PIXELS).output(ResNetImageEncoder.Output.TOKENS).build()) {
            Map<String, String> expected = Map.of("resize", "36", "crop", "32", "mean", "0.5,0.25,0.0",
                    "std", "0.5,1.0,2.0", "output", "TOKENS", "backbone", "builtIn", "depth", "RESNET18",
                    "widthMultiplier", "0.125", "seed", "7");
            assertEquals(EncoderSpec.of("resnet-image", expected), encoder.spec().orElseThrow());
            assertEquals(encoder.spec(), rebuilt.spec());
            assertSameFeatures(encoder, rebuilt);
            assertNotEquals(encoder.spec(), otherSeed.spec());
        }
    }

    /** Running statistics set by hand, so that a fresh body's would not do. */
    @Test
    void aTrainedBodyCarriesItsWeightsAndStatistics() {
        Engine.getEngine("PyTorch").setRandomSeed(11);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block body = ResNet.features(ResNet.Depth.RESNET18, 0.125);
            body.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Random random = new Random(3);
            Map<String, float[]> values = new HashMap<>();
            for (Pair<String, Parameter> parameter : body.getParameters()) {
                if (parameter.getKey().endsWith("runningMean") || parameter.getKey().endsWith("runningVar")) {
                    float[] stats = new float[(int) parameter.getValue().getArray().size()];
                    for (int i = 0; i < stats.length; i++) {
                        stats[i] = 0.5f + random.nextFloat();
                    }
                    parameter.getValue().getArray().set(stats);
                }
                values.put(parameter.getKey(), parameter.getValue().getArray().toFloatArray());
            }
            try (ResNetImageEncoder encoder = ResNetImageEncoder.builder().preprocessor(PIXELS)
                    .trainedFeatures(ResNet.Depth.RESNET18, 0.125, body).build();
                 ResNetImageEncoder rebuilt = FACTORY.create(encoder.spec().orElseThrow())) {
                EncoderSpec spec = encoder.spec().orElseThrow();
                assertEquals("trained", spec.setting("backbone"));
                assertEquals(EncoderSpec.sha256(values), spec.setting(EncoderSpec.WEIGHTS_SHA256));
                assertEquals(values.keySet(), spec.weights().keySet());
                assertSameFeatures(encoder, rebuilt);
                assertThrows(IllegalArgumentException.class, () -> FACTORY.create(spec.withoutWeights()));
                Map<String, float[]> truncated = spec.weights();
                String first = truncated.keySet().iterator().next();
                truncated.put(first, new float[] {1});
                Map<String, String> settings = new HashMap<>(spec.settings());
                settings.remove(EncoderSpec.WEIGHTS_SHA256);
                IllegalArgumentException wrongSize = assertThrows(IllegalArgumentException.class,
                        () -> FACTORY.create(EncoderSpec.of("resnet-image", settings, truncated)));
                assertTrue(wrongSize.getMessage().contains("'" + first + "'"), wrongSize.getMessage());
            }
            IllegalArgumentException layout = assertThrows(IllegalArgumentException.class,
                    () -> ResNetImageEncoder.builder().trainedFeatures(ResNet.Depth.RESNET18, 0.25, body));
            assertTrue(layout.getMessage().contains("needs"), layout.getMessage());
        }
    }

    @Test
    void aTorchScriptBackboneIsNamedByItsPathAndChecksum() throws Exception {
        Path model = Path.of(ResNetImageEncoderSpecTest.class.getResource("/torchscript/tiny-extractor.pt").toURI());
        try (ResNetImageEncoder encoder = ResNetImageEncoder.builder().torchScript(model).preprocessor(PIXELS).build();
             ResNetImageEncoder rebuilt = FACTORY.create(encoder.spec().orElseThrow())) {
            EncoderSpec spec = encoder.spec().orElseThrow();
            assertEquals(model.toAbsolutePath().toString(), spec.setting("path"));
            assertEquals("c360932a03c590069f87a3f8ea950f1f474544aeafdec96c112d197a2dd66ace",
                    spec.setting("torchScriptSha256"), "sha256sum of the file");
            assertEquals(spec, rebuilt.spec().orElseThrow());
            assertSameFeatures(encoder, rebuilt);
        }
    }

    @Test
    void invalidSettingsAreRefusedAndImagesAreReadFromFiles(@TempDir Path dir) throws Exception {
        Map<String, String> settings;
        try (ResNetImageEncoder encoder = ResNetImageEncoder.builder().builtIn(ResNet.Depth.RESNET18, 0.125, 7)
                .preprocessor(PIXELS).build()) {
            settings = new HashMap<>(encoder.spec().orElseThrow().settings());
        }
        settings.put("backbone", "vit");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FACTORY.create(EncoderSpec.of("resnet-image",
                settings))).getMessage().contains("backbone 'vit'"));
        settings.put("backbone", "builtIn");
        settings.put("mean", "0.5,0.5");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FACTORY.create(EncoderSpec.of("resnet-image",
                settings))).getMessage().contains("3 values"));

        BufferedImage image = images().get(0);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        Path file = Files.write(dir.resolve("a.png"), png.toByteArray());
        assertEquals(image.getRGB(7, 9), FACTORY.read(png.toByteArray()).getRGB(7, 9));
        assertEquals(image.getRGB(7, 9), FACTORY.read(file).getRGB(7, 9));
        assertThrows(ImageFormatException.class, () -> FACTORY.read(new byte[] {1, 2}));
    }
}
