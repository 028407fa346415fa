package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.train.EpochMetrics;
import dev.fusion4j.train.TrainingOptions;

import ai.djl.engine.Engine;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model knows how it was trained, and keeps knowing it after save, load and fine-tuning. */
class ProvenanceTest {
    private static final List<MultimodalSample> TRAIN = TwoBitData.generate(60, 71);
    private static final List<MultimodalSample> MORE = TwoBitData.generate(40, 72);
    private static final Head HEAD = Head.classification(TwoBitData.LABELS);

    private static FusionSpec spec() {
        return FusionSpec.builder()
                .modality(Modality.TEXT, new FusionSpecTest.StubEncoder(TwoBitData.TEXT_WIDTH))
                .modality(Modality.AUDIO, TwoBitData.AUDIO_WIDTH)
                .fusion(Fusion.early().standardised())
                .head(HEAD)
                .seed(4)
                .build();
    }

    private static TrainingOptions epochs(int epochs) {
        return TrainingOptions.builder().epochs(epochs).batchSize(16).learningRate(5e-3f).progress(false).build();
    }

    /** The same samples made again from their values and timestamps: new objects, other ids. */
    private static List<MultimodalSample> rebuilt(List<MultimodalSample> samples) {
        List<MultimodalSample> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            MultimodalSample s = samples.get(i);
            MultimodalSample.Builder copy = MultimodalSample.builder().id("copy-" + i)
                    .label(Label.ofClass(s.label().orElseThrow().classIndex()));
            s.features().forEach((modality, f) -> {
                Features values = f.isSequence()
                        ? Features.sequence(f.toArray(), f.length(), f.dim())
                        : Features.vector(f.toArray());
                copy.put(modality, f.hasTimestamps() ? values.withTimestamps(f.timestamps()) : values);
            });
            out.add(copy.build());
        }
        return out;
    }

    private static List<MultimodalSample> replaced(List<MultimodalSample> samples, int index, MultimodalSample by) {
        List<MultimodalSample> out = new ArrayList<>(samples);
        out.set(index, by);
        return out;
    }

    @Test
    void theFingerprintIsEqualForEqualDataAndChangesWithOneLabelOrOneValue() {
        Provenance.DataFingerprint original = Provenance.DataFingerprint.of(TRAIN, HEAD);
        assertEquals(original, Provenance.DataFingerprint.of(rebuilt(TRAIN), HEAD),
                "the same values in new objects, with other ids");
        assertEquals(original, Provenance.DataFingerprint.of(TwoBitData.generate(60, 71), HEAD));
        assertEquals(64, original.sha256().length());

        Map<String, Integer> counted = new LinkedHashMap<>();
        for (String label : TwoBitData.LABELS) {
            counted.put(label, (int) TRAIN.stream().filter(s -> s.label().orElseThrow().classIndex()
                    == List.of(TwoBitData.LABELS).indexOf(label)).count());
        }
        assertEquals(new Provenance.DataFingerprint(60, counted, original.sha256()), original);

        MultimodalSample first = TRAIN.get(0);
        int otherClass = (first.label().orElseThrow().classIndex() + 1) % TwoBitData.LABELS.length;
        Provenance.DataFingerprint relabelled = Provenance.DataFingerprint.of(
                replaced(TRAIN, 0, first.toBuilder().label(otherClass).build()), HEAD);
        assertNotEquals(original.sha256(), relabelled.sha256());
        assertNotEquals(original.labels(), relabelled.labels());

        float[] text = first.get(Modality.TEXT).orElseThrow().toArray();
        text[1] = Math.nextUp(text[1]);
        Provenance.DataFingerprint nudged = Provenance.DataFingerprint.of(
                replaced(TRAIN, 0, first.toBuilder().put(Modality.TEXT, Features.vector(text)).build()), HEAD);
        assertNotEquals(original.sha256(), nudged.sha256(), "one value one ulp away");
        assertEquals(original.labels(), nudged.labels());

        List<MultimodalSample> swapped = replaced(replaced(TRAIN, 0, TRAIN.get(1)), 1, TRAIN.get(0));
        assertNotEquals(original.sha256(), Provenance.DataFingerprint.of(swapped, HEAD).sha256(), "order counts");
    }

    @Test
    void valueLabelsCountTheSamplesWhoseValueIsNotZero() {
        List<MultimodalSample> tagged = new ArrayList<>();
        float[][] targets = {{1, 0}, {1, 1}, {0, 0}};
        for (float[] target : targets) {
            tagged.add(MultimodalSample.builder().put(Modality.TEXT, Features.vector(1)).label(Label.ofValues(target))
                    .build());
        }
        assertEquals(Map.of("x", 2, "y", 1),
                Provenance.DataFingerprint.of(tagged, Head.multiLabel("x", "y")).labels());
    }

    @Test
    void trainingRecordsOptionsDataEncodersVersionsTimeAndHistory() {
        Instant before = Instant.now();
        TrainingOptions options = epochs(3);
        FusionModel model = spec().train(TRAIN, List.of(), options);
        Provenance provenance = model.provenance();
        assertEquals("{optimizer=ADAM, learningRate=0.005, schedule=FIXED, weightDecay=0.0, gradientClip=0.0, "
                + "batchSize=16, epochs=3, patience=0, classWeights=[], balancedClassWeights=false, "
                + "regressionLoss=MSE, device=cpu()}", provenance.options().toString());
        assertEquals(Provenance.DataFingerprint.of(TRAIN, HEAD), provenance.data().orElseThrow());
        assertEquals(Map.of(Modality.TEXT, "StubEncoder(" + TwoBitData.TEXT_WIDTH + ")"), provenance.encoders());
        assertEquals(List.of("fusion4j", "djl", "engine", "java", "os"), List.copyOf(provenance.versions().keySet()));
        assertEquals(Engine.getDjlVersion(), provenance.versions().get("djl"));
        assertEquals("PyTorch " + Engine.getEngine("PyTorch").getVersion(), provenance.versions().get("engine"));
        assertTrue(provenance.versions().get("fusion4j").matches("\\d+\\.\\d+\\.\\d+.*"),
                "the build wrote the version: " + provenance.versions().get("fusion4j"));
        Instant trainedAt = provenance.trainedAt().orElseThrow();
        assertTrue(!trainedAt.isBefore(before) && !trainedAt.isAfter(Instant.now()), trainedAt.toString());
        assertEquals(List.of(1, 2, 3), provenance.history().stream().map(EpochMetrics::epoch).toList());
    }

    @Test
    void fineTuningAppendsItsEpochsAndRecordsItsOwnOptionsAndData() {
        FusionModel trained = spec().train(TRAIN, List.of(), epochs(3));
        FusionModel tuned = trained.fit(MORE, List.of(), epochs(2));
        Provenance first = trained.provenance();
        Provenance second = tuned.provenance();
        assertEquals(5, second.history().size());
        assertEquals(first.history(), second.history().subList(0, 3), "the first run's epochs come first");
        assertEquals(List.of(1, 2), second.history().subList(3, 5).stream().map(EpochMetrics::epoch).toList());
        assertEquals("2", second.options().get("epochs"));
        assertEquals(Provenance.DataFingerprint.of(MORE, HEAD), second.data().orElseThrow());
        assertTrue(!second.trainedAt().orElseThrow().isBefore(first.trainedAt().orElseThrow()));
        assertEquals(first.encoders(), second.encoders());
        assertEquals(3, trained.provenance().history().size(), "the model fine-tuned is left as it was");
    }

    @Test
    void provenanceSurvivesSaveAndLoadExactly(@TempDir Path dir) {
        FusionModel trained = spec().train(TRAIN, TRAIN.subList(0, 20), epochs(2));
        FusionModel tuned = trained.fit(MORE, List.of(), epochs(1));
        tuned.save(dir);
        FusionModel loaded = FusionModel.load(dir);
        assertEquals(tuned.provenance(), loaded.provenance());
        assertEquals(tuned.spec(), loaded.spec());
        assertTrue(Double.isNaN(loaded.provenance().history().get(2).validationLoss()),
                "the fine-tuning run had no validation set");
    }

    private static String loadError(Path dir, Consumer<JsonObject> edit) throws IOException {
        ModelFiles.editJson(dir, json -> {
            edit.accept(json.getAsJsonObject("provenance"));
            return json;
        });
        return assertThrows(ModelFormatException.class, () -> FusionModel.load(dir)).getMessage();
    }

    @Test
    void aMalformedProvenanceIsAModelFormatErrorNamingTheField(@TempDir Path dir) throws IOException {
        FusionModel model = spec().train(TRAIN, List.of(), epochs(1));
        model.save(dir);
        JsonObject saved = ModelFiles.readJson(dir).getAsJsonObject("provenance");
        Map<Consumer<JsonObject>, String> edits = new LinkedHashMap<>();
        edits.put(p -> p.addProperty("trainedAt", "yesterday"), "provenance.trainedAt is 'yesterday', not an ISO-8601");
        edits.put(p -> p.getAsJsonObject("data").addProperty("sha256", "abc"), "provenance.data.sha256 is 'abc'");
        edits.put(p -> p.getAsJsonObject("data").addProperty("samples", -1), "provenance.data.samples is -1");
        edits.put(p -> p.getAsJsonObject("data").getAsJsonObject("labels").addProperty("00", 61),
                "provenance.data.labels.00 is 61; allowed from 0 to 60");
        edits.put(p -> p.getAsJsonObject("options").addProperty("epochs", 1), "provenance.options.epochs is 1, not a string");
        edits.put(p -> p.remove("versions"), "provenance.versions is null, not a JSON object");
        edits.put(p -> p.getAsJsonObject("encoders").addProperty("bad name!", "x"), "provenance.encoders");
        edits.put(p -> p.getAsJsonArray("history").get(0).getAsJsonObject().addProperty("epoch", 0),
                "provenance.history[0].epoch is 0");
        edits.put(p -> p.getAsJsonArray("history").get(0).getAsJsonObject().add("trainingLoss",
                JsonParser.parseString("\"low\"")), "provenance.history[0].trainingLoss is \"low\", not a finite number");
        for (Map.Entry<Consumer<JsonObject>, String> edit : edits.entrySet()) {
            String message = loadError(dir, p -> {
                saved.entrySet().forEach(e -> p.add(e.getKey(), e.getValue().deepCopy()));
                edit.getKey().accept(p);
            });
            assertTrue(message.contains(edit.getValue()), "'" + edit.getValue() + "' in: " + message);
        }
    }
}
