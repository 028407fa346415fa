package dev.fusion4j.internal.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.fusion4j.model.ModelFormatException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parses the JSON of model files, refusing an object that names a member twice: Gson keeps the last
 * of the two silently, so a second {@code "heads"} or a second tensor entry would go unseen. Its
 * readers take a member of the type expected or throw a {@link ModelFormatException} naming it.
 */
public final class StrictJson {
    private StrictJson() {
    }

    /**
     * @param what the file (and part) for messages
     * @throws ModelFormatException if {@code text} is not a JSON object, or repeats a member name
     */
    public static JsonObject parseObject(String text, String what) {
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

    /**
     * @param where the file and object for messages; the member's name is appended
     */
    public static JsonObject object(JsonObject parent, String field, String where) {
        return object(parent.get(field), where + "." + field);
    }

    public static JsonObject object(JsonElement element, String where) {
        if (element == null || !element.isJsonObject()) {
            throw new ModelFormatException(where + " is " + element + ", not a JSON object");
        }
        return element.getAsJsonObject();
    }

    public static JsonArray array(JsonObject parent, String field, String where) {
        JsonElement element = parent.get(field);
        if (element == null || !element.isJsonArray()) {
            throw new ModelFormatException(where + "." + field + " is " + element + ", not a list");
        }
        return element.getAsJsonArray();
    }

    public static String string(JsonObject parent, String field, String where) {
        return string(parent.get(field), where + "." + field);
    }

    public static String string(JsonElement element, String where) {
        if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw new ModelFormatException(where + " is " + element + ", not a string");
        }
        return element.getAsString();
    }

    public static boolean bool(JsonObject parent, String field, String where) {
        JsonElement element = parent.get(field);
        if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isBoolean()) {
            throw new ModelFormatException(where + "." + field + " is " + element + ", not true or false");
        }
        return element.getAsBoolean();
    }

    /** The constant of {@code type} named by a string member. */
    public static <E extends Enum<E>> E constant(Class<E> type, JsonObject parent, String field, String where) {
        String name = string(parent, field, where);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw new ModelFormatException(where + "." + field + " is '" + name + "'; one of "
                + Arrays.toString(type.getEnumConstants()));
    }

    /** An object whose members are all strings, in order. */
    public static Map<String, String> strings(JsonObject parent, String field, String where) {
        Map<String, String> strings = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : object(parent, field, where).entrySet()) {
            strings.put(e.getKey(), string(e.getValue(), where + "." + field + "." + e.getKey()));
        }
        return strings;
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
