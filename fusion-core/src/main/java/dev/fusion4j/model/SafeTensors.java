package dev.fusion4j.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import dev.fusion4j.tensor.ParameterSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors layout for float32 parameters: an 8-byte little-endian header length, a JSON
 * header ({@code name -> {dtype, shape, data_offsets}}), then the raw little-endian data. Reading
 * checks every bound before touching the data; nothing in the file is executed.
 */
final class SafeTensors {
    private static final long MAX_HEADER = 16L << 20;

    private SafeTensors() {
    }

    static byte[] write(List<ParameterSpec> specs, Map<String, float[]> values) {
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
     * Reads exactly the parameters {@code specs} declares, with their shapes.
     *
     * @throws ModelFormatException naming the file and the problem
     */
    static Map<String, float[]> read(byte[] file, String fileName, List<ParameterSpec> specs) {
        if (file.length < 8) {
            throw new ModelFormatException(fileName + " is truncated: " + file.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > file.length - 8) {
            throw new ModelFormatException(fileName + " declares a header of " + headerLength + " bytes in a file of "
                    + file.length);
        }
        JsonObject header;
        try {
            JsonElement parsed = JsonParser.parseString(new String(file, 8, (int) headerLength, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new ModelFormatException(fileName + " has a header that is not a JSON object");
            }
            header = parsed.getAsJsonObject();
        } catch (JsonSyntaxException e) {
            throw new ModelFormatException(fileName + " has a malformed header: " + e.getMessage(), e);
        }
        long dataStart = 8 + headerLength;
        long dataLength = file.length - dataStart;
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            values.put(spec.name(), readEntry(buffer, header, spec, dataStart, dataLength, fileName));
        }
        for (String name : header.keySet()) {
            if (!name.equals("__metadata__") && !values.containsKey(name)) {
                throw new ModelFormatException(fileName + " holds tensor '" + name + "', which the model does not declare");
            }
        }
        return values;
    }

    private static float[] readEntry(ByteBuffer buffer, JsonObject header, ParameterSpec spec, long dataStart,
                                     long dataLength, String fileName) {
        String where = fileName + ", tensor '" + spec.name() + "'";
        if (!header.has(spec.name()) || !header.get(spec.name()).isJsonObject()) {
            throw new ModelFormatException(where + " is missing");
        }
        try {
            JsonObject entry = header.getAsJsonObject(spec.name());
            if (!"F32".equals(entry.get("dtype").getAsString())) {
                throw new ModelFormatException(where + " has dtype " + entry.get("dtype") + ", expected F32");
            }
            JsonArray shape = entry.getAsJsonArray("shape");
            List<Long> declared = new java.util.ArrayList<>();
            shape.forEach(size -> declared.add(size.getAsLong()));
            if (!declared.equals(spec.shape())) {
                throw new ModelFormatException(where + " has shape " + declared + ", the model expects " + spec.shape());
            }
            JsonArray offsets = entry.getAsJsonArray("data_offsets");
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            if (offsets.size() != 2 || begin < 0 || end < begin || end > dataLength
                    || end - begin != 4L * spec.elementCount()) {
                throw new ModelFormatException(where + " has data offsets [" + begin + ", " + end + "] outside the "
                        + dataLength + " data bytes or of the wrong size");
            }
            float[] values = new float[spec.elementCount()];
            int position = (int) (dataStart + begin);
            for (int i = 0; i < values.length; i++) {
                values[i] = buffer.getFloat(position + 4 * i);
                if (!Float.isFinite(values[i])) {
                    throw new ModelFormatException(where + " holds the non-finite value " + values[i] + " at " + i);
                }
            }
            return values;
        } catch (RuntimeException e) {
            if (e instanceof ModelFormatException m) {
                throw m;
            }
            throw new ModelFormatException(where + " has a malformed entry: " + e, e);
        }
    }
}
