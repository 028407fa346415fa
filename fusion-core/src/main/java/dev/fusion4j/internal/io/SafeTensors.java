package dev.fusion4j.internal.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.model.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors layout for float32 parameters: an 8-byte little-endian header length, a JSON
 * header ({@code name -> {dtype, shape, data_offsets}}), then the raw little-endian data. Reading
 * checks every bound before touching the data; nothing in the file is executed.
 */
public final class SafeTensors {
    /** The largest header read: some 40 000 tensors, a hundred times a ResNet-50's. */
    public static final long MAX_HEADER = 4L << 20;
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private SafeTensors() {
    }

    public static byte[] write(List<ParameterSpec> specs, Map<String, float[]> values) {
        JsonObject header = new JsonObject();
        long offset = 0;
        for (ParameterSpec spec : specs) {
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            spec.shape().forEach(shape::add);
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += 4L * spec.elementCount();
            offsets.add(offset);
            entry.add("data_offsets", offsets);
            header.add(spec.name(), entry);
        }
        JsonObject metadata = new JsonObject();
        metadata.addProperty("format", "fusion4j");
        header.add("__metadata__", metadata);
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + json.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        for (ParameterSpec spec : specs) {
            for (float v : values.get(spec.name())) {
                out.putFloat(v);
            }
        }
        return out.array();
    }

    /**
     * The layout of a weight file, checked before any tensor is read: every entry is F32 with
     * sizes ≥ 1 and offsets matching its shape, no name appears twice, and the tensors tile the
     * data exactly (no overlap, no gap, nothing after the last), as the safetensors reference
     * implementation requires.
     *
     * @throws ModelFormatException naming the file, the tensor and the problem
     */
    public static Layout layout(byte[] file, String fileName) {
        if (file.length < 8) {
            throw new ModelFormatException(fileName + " is truncated: " + file.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > file.length - 8) {
            throw new ModelFormatException(fileName + " declares a header of " + headerLength + " bytes in a file of "
                    + file.length + " (at most " + MAX_HEADER + ")");
        }
        JsonObject header = StrictJson.parseObject(new String(file, 8, (int) headerLength, StandardCharsets.UTF_8),
                fileName + "'s header");
        long dataLength = file.length - 8 - headerLength;
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonElement> member : header.entrySet()) {
            if (!member.getKey().equals("__metadata__")) {
                entries.add(entry(member.getKey(), member.getValue(), fileName + ", tensor '" + member.getKey() + "'"));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin));
        long expected = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.begin() != expected) {
                throw new ModelFormatException(fileName + ": tensor '" + entry.name() + "' starts at data byte "
                        + entry.begin() + ", expected " + expected + (entry.begin() < expected
                        ? ", overlapping tensor '" + entries.get(i - 1).name() + "'" : " (a gap)"));
            }
            expected = entry.end();
        }
        if (expected != dataLength) {
            throw new ModelFormatException(fileName + "'s tensors cover " + expected + " data bytes of "
                    + dataLength);
        }
        Map<String, Entry> byName = new LinkedHashMap<>();
        entries.forEach(entry -> byName.put(entry.name(), entry));
        return new Layout(fileName, byName, 8 + headerLength);
    }

    private static Entry entry(String name, JsonElement element, String where) {
        if (!element.isJsonObject()) {
            throw new ModelFormatException(where + " is not a JSON object");
        }
        JsonObject entry = element.getAsJsonObject();
        JsonElement dtype = entry.get("dtype");
        if (dtype == null || !dtype.isJsonPrimitive() || !"F32".equals(dtype.getAsString())) {
            throw new ModelFormatException(where + " has dtype " + dtype + ", expected \"F32\"");
        }
        JsonArray shape = array(entry, "shape", where);
        JsonArray offsets = array(entry, "data_offsets", where);
        if (offsets.size() != 2) {
            throw new ModelFormatException(where + " has " + offsets.size() + " data offsets, expected 2");
        }
        List<Long> sizes = new ArrayList<>();
        long elements = 1;
        for (int i = 0; i < shape.size(); i++) {
            long size = JsonNumbers.integer(shape.get(i), where + " shape[" + i + "]", 1, MAX_ELEMENTS, "");
            elements = JsonNumbers.within(elements * size, where + " element count", 1, MAX_ELEMENTS,
                    "a Java array's limit");
            sizes.add(size);
        }
        if (sizes.isEmpty()) {
            throw new ModelFormatException(where + " has an empty shape");
        }
        long begin = JsonNumbers.integer(offsets.get(0), where + " data_offsets[0]", 0, Long.MAX_VALUE / 2, "");
        long end = JsonNumbers.integer(offsets.get(1), where + " data_offsets[1]", 0, Long.MAX_VALUE / 2, "");
        if (end - begin != 4 * elements) {
            throw new ModelFormatException(where + " has data offsets [" + begin + ", " + end + "]: " + (end - begin)
                    + " bytes for the " + 4 * elements + " of shape " + sizes);
        }
        return new Entry(name, List.copyOf(sizes), begin, end);
    }

    private static JsonArray array(JsonObject entry, String field, String where) {
        JsonElement value = entry.get(field);
        if (value == null || !value.isJsonArray()) {
            throw new ModelFormatException(where + " has " + field + " " + value + ", not a list");
        }
        return value.getAsJsonArray();
    }

    /**
     * Reads exactly the parameters {@code specs} declares, with their shapes.
     *
     * @throws ModelFormatException naming the file and the problem
     */
    public static Map<String, float[]> read(byte[] file, Layout layout, List<ParameterSpec> specs) {
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            String where = layout.fileName() + ", tensor '" + spec.name() + "'";
            Entry entry = layout.entries().get(spec.name());
            if (entry == null) {
                throw new ModelFormatException(where + " is missing");
            }
            if (!entry.shape().equals(spec.shape())) {
                throw new ModelFormatException(where + " has shape " + entry.shape() + ", the model expects "
                        + spec.shape());
            }
            float[] tensor = new float[spec.elementCount()];
            int position = Math.toIntExact(layout.dataStart() + entry.begin());
            for (int i = 0; i < tensor.length; i++) {
                tensor[i] = buffer.getFloat(position + 4 * i);
                if (!Float.isFinite(tensor[i])) {
                    throw new ModelFormatException(where + " holds the non-finite value " + tensor[i] + " at " + i);
                }
            }
            values.put(spec.name(), tensor);
        }
        for (String name : layout.entries().keySet()) {
            if (!values.containsKey(name)) {
                throw new ModelFormatException(layout.fileName() + " holds tensor '" + name
                        + "', which the model does not declare");
            }
        }
        return values;
    }

    /** One tensor: its shape and its bytes {@code [begin, end)} within the data. */
    public record Entry(String name, List<Long> shape, long begin, long end) {
    }

    /**
     * A checked weight file's tensors by name, in file order.
     *
     * @param dataStart where the data begins in the file
     */
    public record Layout(String fileName, Map<String, Entry> entries, long dataStart) {
        /** The largest size along any axis of any tensor: no width of the model can exceed it. */
        public long largestSize() {
            return entries.values().stream().flatMap(e -> e.shape().stream()).mapToLong(Long::longValue).max()
                    .orElse(0);
        }
    }
}
