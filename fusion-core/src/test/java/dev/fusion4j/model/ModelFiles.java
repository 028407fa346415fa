package dev.fusion4j.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Edits a saved model's files the way a deliberate tamperer would: each edit recomputes the
 * checksums that cover it, so that the check behind them is what a test reaches.
 */
final class ModelFiles {
    private ModelFiles() {
    }

    static Path modelJson(Path dir) {
        return dir.resolve(ModelStore.MODEL_FILE);
    }

    static JsonObject readJson(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(modelJson(dir))).getAsJsonObject();
    }

    /** Edits model.json and seals it again with a matching checksum. */
    static void editJson(Path dir, UnaryOperator<JsonObject> edit) throws IOException {
        Files.writeString(modelJson(dir), ModelDescription.seal(edit.apply(readJson(dir))));
    }

    static Path weightFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).findFirst().orElseThrow();
        }
    }

    /** The weight file's JSON header. */
    static String weightsHeader(Path dir) throws IOException {
        byte[] bytes = Files.readAllBytes(weightFile(dir));
        int length = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(bytes, 8, length, StandardCharsets.UTF_8);
    }

    /**
     * Replaces the weight file's header by {@code edit} of it (the data stays), then declares the
     * new file's size and SHA-256 in a sealed model.json.
     */
    static void editWeightsHeader(Path dir, UnaryOperator<String> edit) throws IOException {
        Path file = weightFile(dir);
        byte[] bytes = Files.readAllBytes(file);
        String header = weightsHeader(dir);
        byte[] newHeader = edit.apply(header).getBytes(StandardCharsets.UTF_8);
        int dataStart = 8 + header.getBytes(StandardCharsets.UTF_8).length;
        ByteBuffer out = ByteBuffer.allocate(8 + newHeader.length + bytes.length - dataStart)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(newHeader.length).put(newHeader).put(bytes, dataStart, bytes.length - dataStart);
        Files.write(file, out.array());
        editJson(dir, json -> {
            json.getAsJsonObject("weights").addProperty("bytes", out.capacity());
            json.getAsJsonObject("weights").addProperty("sha256", ModelStore.sha256(out.array()));
            return json;
        });
    }
}
