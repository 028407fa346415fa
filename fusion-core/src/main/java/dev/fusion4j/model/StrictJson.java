package dev.fusion4j.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Parses the JSON of model files, refusing an object that names a member twice: Gson keeps the last
 * of the two silently, so a second {@code "heads"} or a second tensor entry would go unseen.
 */
final class StrictJson {
    private StrictJson() {
    }

    /**
     * @param what the file (and part) for messages
     * @throws ModelFormatException if {@code text} is not a JSON object, or repeats a member name
     */
    static JsonObject parseObject(String text, String what) {
        try {
            requireUniqueNames(text, what);
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new ModelFormatException(what + " is not a JSON object");
            }
            return parsed.getAsJsonObject();
        } catch (JsonParseException | IOException e) {
            throw new ModelFormatException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static void requireUniqueNames(String text, String what) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.LENIENT);   // as JsonParser reads it
        Deque<Set<String>> open = new ArrayDeque<>();
        while (true) {
            JsonToken token = reader.peek();
            switch (token) {
                case BEGIN_OBJECT -> {
                    reader.beginObject();
                    open.push(new HashSet<>());
                }
                case END_OBJECT -> {
                    reader.endObject();
                    open.pop();
                }
                case BEGIN_ARRAY -> reader.beginArray();
                case END_ARRAY -> reader.endArray();
                case NAME -> {
                    String name = reader.nextName();
                    String path = reader.getPath();
                    if (!open.peek().add(name)) {
                        throw new ModelFormatException(what + " names '" + name + "' twice (at " + path + ")");
                    }
                }
                case END_DOCUMENT -> {
                    return;
                }
                default -> reader.skipValue();
            }
        }
    }
}
