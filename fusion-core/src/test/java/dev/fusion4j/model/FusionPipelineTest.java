package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.data.RawInputs;
import dev.fusion4j.train.TrainingOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipelines of {@link OffsetEncoder}s: saved, loaded, rebuilt, refusing what does not fit. */
class FusionPipelineTest {
    private static final TrainingOptions OPTIONS = TrainingOptions.builder().epochs(20).learningRate(5e-2f)
            .batchSize(8).progress(false).build();

    @AfterEach
    void everyEncoderThePipelinesOpenedIsClosed() {
        assertEquals(0, OffsetEncoder.OPEN.get(), "encoders left open");
    }

    /** Texts of 1 to 12 characters, labelled by whether they have at least 6. */
    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (int length = 1; length <= 12; length++) {
            texts.add("ab".repeat(length).substring(0, length));
        }
        return texts;
    }

    private static List<MultimodalSample> encode(List<String> texts, Encoder<String> text, Encoder<String> audio) {
        List<MultimodalSample> samples = new ArrayList<>();
        for (String t : texts) {
            samples.add(MultimodalSample.builder().id(t).label(t.length() >= 6 ? 1 : 0)
                    .put(Modality.TEXT, text.encode(t)).put(Modality.AUDIO, audio.encode(t + t)).build());
        }
        return samples;
    }

    private static FusionModel train(List<MultimodalSample> samples, Encoder<?> text, Encoder<?> audio) {
        return FusionSpec.builder().modality(Modality.TEXT, text).modality(Modality.AUDIO, audio)
                .fusion(Fusion.early()).head(Head.classification("short", "long")).build()
                .train(samples, List.of(), OPTIONS);
    }

    private static void assertSameProbabilities(List<Prediction> expected, List<Prediction> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).probabilities(), actual.get(i).probabilities(), 1e-6, "sample " + i);
        }
    }

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void aSavedPipelineRebuildsItsEncodersAndPredictsAsTheModelDoesOnTheirFeatures(@TempDir Path dir) throws IOException {
        List<String> texts = texts();
        List<Prediction> expected;
        FusionPipeline pipeline;
        try (OffsetEncoder text = OffsetEncoder.trained(0.5, 0.1f, -0.2f, 0.3f); OffsetEncoder audio = OffsetEncoder.of(2, 0.25)) {
            List<MultimodalSample> samples = encode(texts, text, audio);
            FusionModel model = train(samples, text, audio);
            assertEquals(Map.of(Modality.TEXT, text.spec().orElseThrow(), Modality.AUDIO, audio.spec().orElseThrow()),
                    model.spec().encoderSpecs(), "the model records both encoders");
            assertTrue(model.spec().encoderSpecs().get(Modality.TEXT).weights().isEmpty(), "without their weights");
            expected = Predictions.of(model, samples);
            pipeline = FusionPipeline.of(model, Map.of(Modality.TEXT, text, Modality.AUDIO, audio));
            assertEquals(model.spec(), pipeline.model().spec());
        }
        pipeline.save(dir);
        String sha = pipeline.encoders().get(Modality.TEXT).setting(EncoderSpec.WEIGHTS_SHA256);
        assertTrue(files(dir).contains("encoder-" + sha.substring(0, 16) + ".safetensors"), files(dir).toString());

        FusionPipeline loaded = FusionPipeline.load(dir);
        assertEquals(pipeline.model().spec(), loaded.model().spec());
        assertArrayEquals(new float[] {0.1f, -0.2f, 0.3f}, loaded.encoders().get(Modality.TEXT).weights().get("offset"));
        Path folder = Files.createDirectories(dir.resolve("inputs"));
        List<RawInputs> raw = new ArrayList<>();
        for (String t : texts) {
            Path file = Files.writeString(folder.resolve(t + ".txt"), t);
            RawInputs.Builder sample = RawInputs.builder().id(t);
            switch (t.length() % 3) {
                case 0 -> sample.text(t).put(Modality.AUDIO, (t + t).getBytes(StandardCharsets.UTF_8));
                case 1 -> sample.text(file).put(Modality.AUDIO, t + t);
                default -> sample.put(Modality.TEXT, t.getBytes(StandardCharsets.UTF_8))
                        .put(Modality.AUDIO, Files.writeString(folder.resolve(t + t + ".txt"), t + t));
            }
            raw.add(sample.build());
        }
        try (FusionPipeline.Predictor predictor = loaded.newPredictor()) {
            assertSameProbabilities(expected, predictor.predictAll(raw));
        }
        try (FusionPipeline.Predictor predictor = pipeline.newPredictor()) {
            assertSameProbabilities(expected.subList(0, 1), List.of(predictor.predict(raw.get(0))));
        }
        assertEquals(pipeline.model().spec(), FusionModel.load(dir).spec(), "the model loads alone");
    }

    @Test
    void aModelThatRecordsNoEncoderTakesThePipelinesRecordButDoesNotLoadAsOne(@TempDir Path dir) {
        try (OffsetEncoder text = OffsetEncoder.of(3, 0.5); OffsetEncoder audio = OffsetEncoder.of(2, 0.25)) {
            FusionModel model = FusionSpec.builder().modality(Modality.TEXT, 3).modality(Modality.AUDIO, 2)
                    .fusion(Fusion.early()).head(Head.classification("short", "long")).build()
                    .train(encode(texts(), text, audio), List.of(), OPTIONS);
            assertTrue(model.spec().encoderSpecs().isEmpty());
            model.save(dir.resolve("model"));
            ModelFormatException notAPipeline = assertThrows(ModelFormatException.class,
                    () -> FusionPipeline.load(dir.resolve("model")));
            assertTrue(notAPipeline.getMessage().contains("records no encoder for modality 'text'"),
                    notAPipeline.getMessage());

            FusionPipeline pipeline = FusionPipeline.of(model, Map.of(Modality.TEXT, text, Modality.AUDIO, audio));
            assertEquals(Map.of(Modality.TEXT, text.spec().orElseThrow(), Modality.AUDIO, audio.spec().orElseThrow()),
                    pipeline.model().spec().encoderSpecs());
            assertEquals(model.parameters().keySet(), pipeline.model().parameters().keySet());
            pipeline.save(dir.resolve("pipeline"));
            assertEquals(pipeline.model().spec(), FusionPipeline.load(dir.resolve("pipeline")).model().spec());
        }
    }

    @Test
    void encodersOtherThanTheRecordedOnesAreRefused() {
        try (OffsetEncoder text = OffsetEncoder.trained(0.5, 0.1f, -0.2f, 0.3f); OffsetEncoder audio = OffsetEncoder.of(2, 0.25);
             OffsetEncoder otherScale = OffsetEncoder.trained(0.75, 0.1f, -0.2f, 0.3f);
             OffsetEncoder otherWeights = OffsetEncoder.trained(0.5, 0.1f, -0.2f, 0.4f);
             OffsetEncoder otherWidth = OffsetEncoder.of(3, 0.25)) {
            FusionModel model = train(encode(texts(), text, audio), text, audio);

            EncoderMismatchException scale = assertThrows(EncoderMismatchException.class,
                    () -> FusionPipeline.of(model, Map.of(Modality.TEXT, otherScale, Modality.AUDIO, audio)));
            assertEquals(Modality.TEXT, scale.modality());
            assertEquals("test-offset{scale=0.5}", scale.expected(), "the settings that differ");
            assertEquals("test-offset{scale=0.75}", scale.actual());
            assertTrue(scale.getMessage().contains("modality 'text'"), scale.getMessage());

            EncoderMismatchException weights = assertThrows(EncoderMismatchException.class,
                    () -> FusionPipeline.of(model, Map.of(Modality.TEXT, otherWeights, Modality.AUDIO, audio)));
            assertEquals("test-offset{weightsSha256=" + otherWeights.spec().orElseThrow()
                    .setting(EncoderSpec.WEIGHTS_SHA256) + "}", weights.actual());

            FusionModel widthsOnly = FusionSpec.builder().modality(Modality.TEXT, 3).modality(Modality.AUDIO, 2)
                    .fusion(Fusion.early()).head(Head.classification("short", "long")).build().untrained();
            EncoderMismatchException width = assertThrows(EncoderMismatchException.class,
                    () -> FusionPipeline.of(widthsOnly, Map.of(Modality.TEXT, text, Modality.AUDIO, otherWidth)));
            assertEquals("width 2", width.expected());
            assertEquals("test-offset of width 3", width.actual());

            assertThrows(IllegalArgumentException.class, () -> FusionPipeline.of(model, Map.of(Modality.TEXT, text)));
            IllegalArgumentException noSpec = assertThrows(IllegalArgumentException.class, () -> FusionPipeline.of(
                    widthsOnly, Map.of(Modality.TEXT, text, Modality.AUDIO, new FusionSpecTest.StubEncoder(2))));
            assertTrue(noSpec.getMessage().contains("StubEncoder(2), has no spec"), noSpec.getMessage());
        }
    }

    /** A pipeline of a text encoder with weights and an audio encoder without, saved to {@code dir}. */
    private static void savePipeline(Path dir) {
        try (OffsetEncoder text = OffsetEncoder.trained(0.5, 0.1f, -0.2f, 0.3f); OffsetEncoder audio = OffsetEncoder.of(2, 0.25)) {
            FusionModel model = train(encode(texts(), text, audio), text, audio);
            FusionPipeline.of(model, Map.of(Modality.TEXT, text, Modality.AUDIO, audio)).save(dir);
        }
    }

    private static JsonObject encoderSpec(JsonObject modelJson, int modality) {
        return modelJson.getAsJsonObject("spec").getAsJsonArray("modalities").get(modality).getAsJsonObject()
                .getAsJsonObject("encoderSpec");
    }

    /** A copy of the saved pipeline in {@code base}, in a new directory of {@code root}. */
    private static Path copy(Path base, Path root, String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        for (String file : files(base)) {
            if (!file.startsWith(".")) {
                Files.copy(base.resolve(file), dir.resolve(file));
            }
        }
        return dir;
    }

    /** The message of loading a copy of {@code base} whose model.json is edited and sealed again. */
    private static String loadError(Path base, Path root, String name, Consumer<JsonObject> edit) throws IOException {
        Path dir = copy(base, root, name);
        ModelFiles.editJson(dir, json -> {
            edit.accept(json);
            return json;
        });
        return assertThrows(ModelFormatException.class, () -> FusionPipeline.load(dir)).getMessage();
    }

    @Test
    void tamperedEncoderSpecsAndWeightsAreFormatErrors(@TempDir Path root) throws IOException {
        Path base = root.resolve("saved");
        savePipeline(base);
        Path unsealed = copy(base, root, "unsealed");
        String json = Files.readString(ModelFiles.modelJson(unsealed));
        String edited = json.replace("\"scale\":\"0.5\"", "\"scale\":\"0.6\"");
        assertFalse(edited.equals(json));
        Files.writeString(ModelFiles.modelJson(unsealed), edited);
        assertTrue(assertThrows(ModelFormatException.class, () -> FusionPipeline.load(unsealed)).getMessage()
                .contains("edited or corrupted"), "an edit without the checksum");

        assertTrue(loadError(base, root, "type", j -> encoderSpec(j, 1).addProperty("type", "no-such-encoder"))
                .contains("no EncoderFactory for 'no-such-encoder' encoders"));
        String badSha = loadError(base, root, "path", j -> encoderSpec(j, 0).getAsJsonObject("settings")
                .addProperty(EncoderSpec.WEIGHTS_SHA256, "../../etc/passwd"));
        assertTrue(badSha.contains("not 64 lower-case hexadecimal digits"), badSha);
        String otherSha = loadError(base, root, "sha", j -> encoderSpec(j, 0).getAsJsonObject("settings")
                .addProperty(EncoderSpec.WEIGHTS_SHA256, "0".repeat(64)));
        assertTrue(otherSha.contains("encoder-0000000000000000.safetensors is missing"), otherSha);

        Path invalidSetting = copy(base, root, "setting");
        ModelFiles.editJson(invalidSetting, j -> {
            encoderSpec(j, 1).getAsJsonObject("settings").addProperty("scale", "a quarter");
            return j;
        });
        FusionPipeline resealed = FusionPipeline.load(invalidSetting);
        String invalid = assertThrows(ModelFormatException.class, resealed::newPredictor).getMessage();
        assertTrue(invalid.contains("modality 'audio'") && invalid.contains("'scale'")
                && invalid.contains("'a quarter', not a number"), invalid);

        Path corruptedWeights = copy(base, root, "weights");
        Path weights;
        try (Stream<Path> list = Files.list(corruptedWeights)) {
            weights = list.filter(p -> p.getFileName().toString().startsWith("encoder-")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 1] ^= 1;
        Files.write(weights, bytes);
        String corrupted = assertThrows(ModelFormatException.class, () -> FusionPipeline.load(corruptedWeights))
                .getMessage();
        assertTrue(corrupted.contains("does not hold the weights") && corrupted.contains("have SHA-256"), corrupted);
    }

    @Test
    void aStaleEncoderWeightFileGoesWithTheNextSaveOrLoad(@TempDir Path dir) throws IOException {
        savePipeline(dir);
        Set<String> saved = files(dir);
        Files.write(dir.resolve("encoder-0123456789abcdef.safetensors"), new byte[] {1, 2, 3});
        FusionPipeline pipeline = FusionPipeline.load(dir);
        assertEquals(saved, files(dir), "left by a killed save, removed by the load");
        Files.write(dir.resolve("encoder-0123456789abcdef.safetensors"), new byte[] {1, 2, 3});
        pipeline.save(dir);
        assertEquals(saved, files(dir), "removed by the save");
        pipeline.model().save(dir);
        assertEquals(saved, files(dir), "a model save keeps the encoder weights its spec records");
        assertFalse(saved.contains("encoder-0123456789abcdef.safetensors"));
    }

    @Test
    void rawSamplesThatDoNotFitAreRefusedAndAClosedPredictorRefusesWork(@TempDir Path dir) {
        savePipeline(dir);
        FusionPipeline.Predictor predictor = FusionPipeline.load(dir).newPredictor();
        InvalidSampleException modality = assertThrows(InvalidSampleException.class, () -> predictor.predict(
                RawInputs.builder().id("x").text("abc").put(Modality.IMAGE, "an image").build()));
        assertTrue(modality.getMessage().contains("raw sample 'x' has modality 'image', for which there is no encoder"),
                modality.getMessage());
        InvalidSampleException type = assertThrows(InvalidSampleException.class, () -> predictor.predict(
                RawInputs.builder().put(Modality.AUDIO, 42).build()));
        assertTrue(type.getMessage().contains("raw sample #0, modality 'audio': a java.lang.Integer is no input of a "
                + "'test-offset' encoder; it takes a java.lang.String"), type.getMessage());
        predictor.close();
        predictor.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> predictor.predict(RawInputs.builder().text("abc").build()));
        assertEquals("this pipeline predictor is closed", closed.getMessage());
    }
}
