package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.internal.io.DirectoryLock;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fusion4j.data.Modality;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model directories made by someone who means harm, or by a crash: each is refused with a
 * {@link ModelFormatException} naming the field, its value and its limit before anything is
 * allocated from it, or tidied away.
 */
class HostileModelFileTest {

    private static FusionModel crossAttention() {
        return FusionSpec.builder().modality(Modality.TEXT, 3).modality(Modality.AUDIO, 2)
                .fusion(Fusion.intermediate().width(8).crossAttention(2, 1))
                .head(Head.classification("a", "b", "c")).seed(5).build().untrained();
    }

    private static Path saved(Path dir) {
        FusionModel model = crossAttention();
        model.save(dir);
        return dir;
    }

    /** The fusion settings in a parsed model.json. */
    private static JsonObject settings(JsonObject modelJson) {
        return modelJson.getAsJsonObject("spec").getAsJsonObject("fusion").getAsJsonObject("settings");
    }

    private static String loadError(Path dir) {
        return assertThrows(ModelFormatException.class, () -> FusionModel.load(dir)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    private static int tensorCount(Path dir) throws IOException {
        return JsonParser.parseString(ModelFiles.weightsHeader(dir)).getAsJsonObject().size() - 1;   // __metadata__
    }

    @Test
    void anEditedModelJsonFailsItsChecksum(@TempDir Path dir) throws IOException {
        saved(dir);
        JsonObject json = ModelFiles.readJson(dir);
        JsonObject head = json.getAsJsonObject("spec").getAsJsonObject("head");
        JsonArray names = head.getAsJsonArray("names");
        JsonArray swapped = new JsonArray();
        List.of(1, 0, 2).forEach(i -> swapped.add(names.get(i)));
        head.add("names", swapped);
        Files.writeString(ModelFiles.modelJson(dir), json.toString());
        assertMentions(loadError(dir), "SHA-256", "edited or corrupted");

        head.add("names", names);
        settings(json).addProperty("heads", 1);
        Files.writeString(ModelFiles.modelJson(dir), json.toString());
        assertMentions(loadError(dir), "SHA-256", "edited or corrupted");

        settings(json).addProperty("heads", 2);
        Files.writeString(ModelFiles.modelJson(dir), json.toString());
        FusionModel loaded = FusionModel.load(dir);
        FusionModel original = crossAttention();
        assertEquals(original.spec().strategy(), loaded.spec().strategy(), "the untouched content loads: a canonical checksum");
    }

    @Test
    void aNameGivenTwiceInModelJsonIsRefused(@TempDir Path dir) throws IOException {
        saved(dir);
        String text = Files.readString(ModelFiles.modelJson(dir));
        Files.writeString(ModelFiles.modelJson(dir), text.replace("\"spec\":{", "\"spec\":{\"seed\":7,"));
        assertMentions(loadError(dir), "names 'seed' twice");
    }

    @Test
    void hugeLayerCountsAreRefusedBeforeBuildingAnything(@TempDir Path dir) throws IOException {
        saved(dir);
        int tensors = tensorCount(dir);
        for (String layers : List.of("2147483647", "1e30", "2.5", "1000")) {
            ModelFiles.editJson(dir, json -> {
                settings(json).add("layers", JsonParser.parseString(layers));
                return json;
            });
            String message = loadError(dir);
            assertMentions(message, "layers", layers);
            if (layers.equals("2147483647") || layers.equals("1000")) {
                // one layer of cross-attention between two modalities has 2 blocks
                assertMentions(message, "allowed from 1 to " + tensors / 2, tensors + " tensors");
            }
        }
    }

    @Test
    void thousandsOfModalitiesAreRefused(@TempDir Path dir) throws IOException {
        saved(dir);
        ModelFiles.editJson(dir, json -> {
            for (int i = 0; i < 3000; i++) {
                JsonObject m = new JsonObject();
                m.addProperty("name", "extra" + i);
                m.addProperty("width", 2);
                json.getAsJsonObject("spec").getAsJsonArray("modalities").add(m);
            }
            return json;
        });
        assertMentions(loadError(dir), "number of modalities is 3002", "allowed from 1 to 256");
    }

    @Test
    void sizesLargerThanAnyTensorAreRefused(@TempDir Path dir) throws IOException {
        saved(dir);
        long largest = JsonParser.parseString(ModelFiles.weightsHeader(dir)).getAsJsonObject().entrySet().stream()
                .filter(e -> !e.getKey().equals("__metadata__"))
                .flatMap(e -> e.getValue().getAsJsonObject().getAsJsonArray("shape").asList().stream())
                .mapToLong(size -> size.getAsLong()).max().orElseThrow();
        ModelFiles.editJson(dir, json -> {
            json.getAsJsonObject("spec").getAsJsonArray("modalities").get(0).getAsJsonObject()
                    .addProperty("width", 600_000_000);
            return json;
        });
        assertMentions(loadError(dir), "modalities[0].width is 600000000", "allowed from 1 to " + largest,
                "largest tensor size");
        ModelFiles.editJson(dir, json -> {
            json.getAsJsonObject("spec").getAsJsonArray("modalities").get(0).getAsJsonObject().addProperty("width", 3);
            settings(json).addProperty("width", 1e30);
            return json;
        });
        assertMentions(loadError(dir), "width is 1.0E30");
    }

    @Test
    void statisticsBeyondFloatRangeAreRefused(@TempDir Path dir) throws IOException {
        saved(dir);
        ModelFiles.editJson(dir, json -> {
            json.getAsJsonObject("statistics").getAsJsonObject("audio").getAsJsonArray("std")
                    .set(1, JsonParser.parseString("1e60"));
            return json;
        });
        assertMentions(loadError(dir), "statistics.audio.std[1] is 1e60, not a finite float");
    }

    @Test
    void aWeightFileOverTwoGibibytesIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path weights = ModelFiles.weightFile(saved(dir));
        long size = (2L << 30) + 1;
        try (RandomAccessFile sparse = new RandomAccessFile(weights.toFile(), "rw")) {
            sparse.setLength(size);
        }
        assertMentions(loadError(dir), "is " + size + " bytes", "the limit is " + (Integer.MAX_VALUE - 8));
    }

    @Test
    void aTensorNamedTwiceIsRefused(@TempDir Path dir) throws IOException {
        saved(dir);
        ModelFiles.editWeightsHeader(dir, header -> {
            JsonObject parsed = JsonParser.parseString(header).getAsJsonObject();
            String first = parsed.keySet().iterator().next();
            String entry = "\"" + first + "\":" + parsed.get(first);
            return header.substring(0, header.length() - 1) + "," + entry + "}";
        });
        assertMentions(loadError(dir), "twice");
    }

    @Test
    void overlappingOrScatteredTensorsAreRefused(@TempDir Path dir) throws IOException {
        saved(dir);
        String original = ModelFiles.weightsHeader(dir);
        ModelFiles.editWeightsHeader(dir, header -> shiftLastTensor(header, -4));
        assertMentions(loadError(dir), "overlapping");
        ModelFiles.editWeightsHeader(dir, header -> shiftLastTensor(original, 4));
        String gap = loadError(dir);
        assertMentions(gap, "a gap");
    }

    /** Moves the tensor that ends last by {@code bytes} (same length). */
    private static String shiftLastTensor(String header, int bytes) {
        JsonObject parsed = JsonParser.parseString(header).getAsJsonObject();
        JsonObject last = null;
        for (var entry : parsed.entrySet()) {
            if (!entry.getKey().equals("__metadata__") && (last == null
                    || entry.getValue().getAsJsonObject().getAsJsonArray("data_offsets").get(1).getAsLong()
                    > last.getAsJsonArray("data_offsets").get(1).getAsLong())) {
                last = entry.getValue().getAsJsonObject();
            }
        }
        JsonArray offsets = last.getAsJsonArray("data_offsets");
        JsonArray moved = new JsonArray();
        moved.add(offsets.get(0).getAsLong() + bytes);
        moved.add(offsets.get(1).getAsLong() + bytes);
        last.add("data_offsets", moved);
        return parsed.toString();
    }

    @Test
    void filesAKilledSaveLeftAreRemovedByTheNextLoad(@TempDir Path dir) throws IOException {
        saved(dir);
        Path weights = ModelFiles.weightFile(dir);
        Path temporary = dir.resolve(".weights-0123456789abcdef.safetensors." + java.util.UUID.randomUUID() + ".tmp");
        Path stale = dir.resolve("weights-0123456789abcdef.safetensors");
        Files.write(temporary, new byte[1 << 20]);
        Files.write(stale, new byte[1 << 10]);
        FusionModel loaded = FusionModel.load(dir);
        FusionModel original = crossAttention();
        original.parameters().forEach((name, values) -> assertArrayEquals(values, loaded.parameters().get(name)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(DirectoryLock.FILE, "model.json", weights.getFileName().toString()),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertFalse(Files.exists(temporary));
    }

    @Test
    void aModelOfTheFirstFormatAsksToBeSavedAgain(@TempDir Path dir) throws IOException {
        saved(dir);
        ModelFiles.editJson(dir, json -> {
            json.addProperty("formatVersion", 1);
            return json;
        });
        assertMentions(loadError(dir), "format version 1", "reads versions 2 to 3", "no checksum");
    }
}
