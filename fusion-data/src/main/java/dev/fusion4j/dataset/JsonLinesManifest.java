package dev.fusion4j.dataset;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a JSON Lines manifest: one object per line (blank lines ignored), its keys the columns.
 * A key that is absent, null or blank is an empty cell.
 */
final class JsonLinesManifest {
    private JsonLinesManifest() {
    }

    static void read(Path file, ColumnMapping mapping, RowCollector rows) {
        Set<String> seen = new TreeSet<>();
        try (BufferedReader reader = Manifest.open(file)) {
            long line = 0;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                line++;
                if (!text.isBlank()) {
                    add(file, line, text, mapping, rows, seen);
                }
            }
        } catch (IOException e) {
            throw Manifest.unreadable(file, e);
        }
        List<String> unseen = new ArrayList<>(mapping.columns());
        unseen.removeAll(seen);
        if (!unseen.isEmpty()) {
            throw new ManifestException(file, 0, "no line has the key " + unseen + "; the keys found are " + seen);
        }
    }

    /** Adds one line's sample; notes the keys it has in {@code seen}. */
    private static void add(Path file, long line, String text, ColumnMapping mapping, RowCollector rows,
                            Set<String> seen) {
        rows.add(file, line, () -> {
            Map<String, JsonElement> object = parse(text);
            seen.addAll(object.keySet());
            return mapping.sample(file, line, key -> scalar(object, key));
        });
    }

    /** One line's object, strictly parsed; a key named twice is refused. */
    private static Map<String, JsonElement> parse(String line) {
        try (JsonReader reader = new JsonReader(new StringReader(line))) {
            reader.setStrictness(Strictness.STRICT);
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw new BadRow("not a JSON object: " + abbreviate(line));
            }
            Map<String, JsonElement> object = new LinkedHashMap<>();
            reader.beginObject();
            while (reader.hasNext()) {
                String key = reader.nextName();
                if (object.put(key, JsonParser.parseReader(reader)) != null) {
                    throw new BadRow("key '" + key + "' appears twice");
                }
            }
            reader.endObject();
            reader.setStrictness(Strictness.LENIENT);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new BadRow("malformed JSON: text after the object");
            }
            return object;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new BadRow("malformed JSON: " + gsonMessage(e));
        }
    }

    /** A string, number or boolean as text; null when absent or null. */
    private static String scalar(Map<String, JsonElement> object, String key) {
        JsonElement element = object.get(key);
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (!element.isJsonPrimitive()) {
            throw new BadRow("column '" + key + "' holds " + (element.isJsonArray() ? "an array" : "an object")
                    + "; a text, a file name or a label was expected");
        }
        return element.getAsString();
    }

    /** Gson's message without its help link and JSON path, its generic advice put plainly. */
    private static String gsonMessage(Exception e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
                "syntax error").replaceAll(" at line \\d+ column (\\d+) path .*", " at column $1");
    }

    private static String abbreviate(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40) + "…";
    }
}
