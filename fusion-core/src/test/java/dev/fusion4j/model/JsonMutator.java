package dev.fusion4j.model;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Mutates a valid JSON tree where and how the fuzzer's bytes say, so that the result stays JSON and
 * mostly keeps its shape: a number becomes an extreme or a neighbour, a name another known name, a
 * list longer or shorter, a member goes or comes twice. Raw byte mutations almost never get past
 * the parser; these reach the checks behind it.
 */
final class JsonMutator {
    private static final List<String> NUMBERS = List.of("0", "-1", "1", "2", "2147483647", "-2147483648",
            "2147483648", "9223372036854775807", "1e30", "-1e30", "2.5", "1e-30", "0.9999999", "65536");
    private static final List<String> WORDS = List.of("Early", "Intermediate", "Attention", "Late", "CLASSIFICATION",
            "MULTI_LABEL", "REGRESSION", "EMBEDDING", "SUM", "CONCAT_MLP", "LOW_RANK", "TENSOR", "WEIGHTED",
            "STACKER", "LEARNED_NULL", "ZEROS", "text", "audio", "image", "test-linear", "F32", "F16", "__metadata__",
            "", "../x");

    private final FuzzedDataProvider data;

    JsonMutator(FuzzedDataProvider data) {
        this.data = data;
    }

    /** Applies up to {@code most} mutations to {@code root}. */
    void mutate(JsonObject root, int most) {
        for (int n = data.consumeInt(0, most); n > 0; n--) {
            List<Slot> slots = new ArrayList<>();
            collect(root, slots);
            if (slots.isEmpty()) {
                return;
            }
            Slot slot = slots.get(data.consumeInt(0, slots.size() - 1));
            switch (data.consumeInt(0, 3)) {
                case 0 -> slot.remove.run();
                case 1 -> reshape(slot.value);
                default -> slot.replace.accept(value(slot.value));
            }
        }
    }

    /** A list gets a new length (its elements repeated), an object a copy of one of its members. */
    private void reshape(JsonElement value) {
        if (value.isJsonArray() && !value.getAsJsonArray().isEmpty()) {
            JsonArray array = value.getAsJsonArray();
            List<JsonElement> elements = array.asList();
            List<JsonElement> copy = new ArrayList<>(elements);
            int length = data.consumeBoolean() ? data.consumeInt(0, 8) : data.consumeInt(0, 4000);
            elements.clear();
            for (int i = 0; i < length; i++) {
                elements.add(copy.get(i % copy.size()).deepCopy());
            }
        } else if (value.isJsonObject() && !value.getAsJsonObject().isEmpty()) {
            JsonObject object = value.getAsJsonObject();
            List<String> names = new ArrayList<>(object.keySet());
            String name = names.get(data.consumeInt(0, names.size() - 1));
            object.add(data.consumeBoolean() ? data.pickValue(WORDS) : name + data.consumeInt(0, 9),
                    object.get(name).deepCopy());
        }
    }

    private JsonElement value(JsonElement current) {
        return switch (data.consumeInt(0, 7)) {
            case 0 -> new JsonPrimitive(new BigDecimal(data.pickValue(NUMBERS)));
            case 1 -> current.isJsonPrimitive() && current.getAsJsonPrimitive().isNumber()
                    ? new JsonPrimitive(current.getAsJsonPrimitive().getAsBigDecimal()
                            .add(BigDecimal.valueOf(data.consumeInt(-3, 3))))
                    : new JsonPrimitive(data.consumeInt(-3, 3));
            case 2 -> new JsonPrimitive(data.consumeInt());
            case 3 -> new JsonPrimitive(data.consumeLong());
            case 4 -> new JsonPrimitive(data.pickValue(WORDS));
            case 5 -> new JsonPrimitive(data.consumeString(12));
            case 6 -> data.consumeBoolean() ? new JsonPrimitive(data.consumeBoolean()) : JsonNull.INSTANCE;
            default -> data.consumeBoolean() ? new JsonArray() : new JsonObject();
        };
    }

    private static void collect(JsonElement element, List<Slot> slots) {
        if (element.isJsonObject()) {
            JsonObject object = element.getAsJsonObject();
            for (String name : new ArrayList<>(object.keySet())) {
                JsonElement child = object.get(name);
                slots.add(new Slot(child, () -> object.remove(name), v -> object.add(name, v)));
                collect(child, slots);
            }
        } else if (element.isJsonArray()) {
            JsonArray array = element.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                JsonElement child = array.get(i);
                slots.add(new Slot(child, () -> array.remove(index), v -> array.set(index, v)));
                collect(child, slots);
            }
        }
    }

    /** A place in the tree: its value, and how to remove or replace it. */
    private record Slot(JsonElement value, Runnable remove, Consumer<JsonElement> replace) {
    }
}
