package dev.fusion4j.model;

import static dev.fusion4j.internal.io.StrictJson.array;
import static dev.fusion4j.internal.io.StrictJson.bool;
import static dev.fusion4j.internal.io.StrictJson.constant;
import static dev.fusion4j.internal.io.StrictJson.object;
import static dev.fusion4j.internal.io.StrictJson.string;
import dev.fusion4j.internal.io.JsonNumbers;
import dev.fusion4j.internal.io.SafeTensors;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.fusion.InputStatistics;
import dev.fusion4j.internal.fusion.ModalitySchema;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code model.json}: a model's spec ({@link SpecCodec}), the layout of each modality's inputs,
 * its input statistics, its provenance ({@link ProvenanceCodec}) and its weight file, sealed by the
 * SHA-256 of everything else in it ({@value #CHECKSUM}):
 *
 * <pre>{@code
 * {"format": "fusion4j-model", "formatVersion": 3,
 *  "spec": {...}, "inputLayouts": {"text": "VECTOR", "audio": "SEQUENCE"},
 *  "statistics": {"text": {"mean": [...], "std": [...]}, ...},
 *  "provenance": {...},
 *  "weights": {"file": "weights-0123456789abcdef.safetensors", "bytes": 1855, "sha256": "..."},
 *  "modelSha256": "..."}
 * }</pre>
 *
 * Version 2 files, written before the spec had a codec, keep the spec's members at the top level,
 * each modality's layout as its {@code sequence} member, and a provenance of save time, versions
 * and history; they load too. Reading checks the seal, then every number against fixed bounds and
 * against the weight file's layout before anything is built from it, so a hostile file costs no
 * more memory than its own size.
 */
final class ModelDescription {
    static final String FORMAT = "fusion4j-model";
    /**
     * Version 3 nests the spec and records the full provenance; version 2 sealed model.json with
     * its own checksum; version 1 files had none.
     */
    static final int CURRENT_VERSION = 3;
    static final int OLDEST_VERSION = 2;
    static final String CHECKSUM = "modelSha256";

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    /** The layout of a modality's inputs. */
    private enum Layout { VECTOR, SEQUENCE }

    private final JsonObject json;
    private final String file;
    private final int version;

    private ModelDescription(JsonObject json, String file, int version) {
        this.json = json;
        this.file = file;
        this.version = version;
    }

    /** The text of {@code model.json} for {@code model}, sealed. */
    static String write(FusionModel model, String weightsName, String weightsSha, long weightsBytes) {
        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
        json.addProperty("formatVersion", CURRENT_VERSION);
        json.add("spec", SpecCodec.write(model.spec()));
        JsonObject layouts = new JsonObject();
        model.sequenceInputs().forEach((modality, sequence) -> layouts.addProperty(modality.name(),
                (sequence ? Layout.SEQUENCE : Layout.VECTOR).name()));
        json.add("inputLayouts", layouts);
        JsonObject statistics = new JsonObject();
        for (Modality modality : model.spec().schema().modalities()) {
            JsonObject s = new JsonObject();
            s.add("mean", GSON.toJsonTree(model.statistics().mean(modality)));
            s.add("std", GSON.toJsonTree(model.statistics().std(modality)));
            statistics.add(modality.name(), s);
        }
        json.add("statistics", statistics);
        json.add("provenance", ProvenanceCodec.write(model.provenance()));
        JsonObject weights = new JsonObject();
        weights.addProperty("file", weightsName);
        weights.addProperty("bytes", weightsBytes);
        weights.addProperty("sha256", weightsSha);
        json.add("weights", weights);
        return seal(json);
    }

    /** The text of {@code json} with its checksum (replaced if it had one). */
    static String seal(JsonObject json) {
        json.remove(CHECKSUM);
        json.addProperty(CHECKSUM, ModelStore.sha256(GSON.toJson(json)));
        return GSON.toJson(json);
    }

    /**
     * Checks the seal, format and version of a parsed {@code model.json}.
     *
     * @param file the file's name for messages
     */
    static ModelDescription read(JsonObject json, String file) {
        JsonElement declared = json.remove(CHECKSUM);
        String actual = ModelStore.sha256(GSON.toJson(json));
        String format = string(json, "format", file);
        if (!FORMAT.equals(format)) {
            throw new ModelFormatException(file + " is not a Fusion4J model (format '" + format + "')");
        }
        int version = (int) JsonNumbers.integer(json.get("formatVersion"), file + ": formatVersion", 1,
                Integer.MAX_VALUE, "");
        if (version < OLDEST_VERSION || version > CURRENT_VERSION) {
            throw new ModelFormatException(file + " has format version " + version + "; this library reads versions "
                    + OLDEST_VERSION + " to " + CURRENT_VERSION + (version < OLDEST_VERSION
                    ? " (version 1, of the 0.1 snapshots, had no checksum of model.json: train and save it again)"
                    : ""));
        }
        if (declared == null || !declared.isJsonPrimitive() || !declared.getAsString().equals(actual)) {
            throw new ModelFormatException(file + " has SHA-256 " + actual + " (without its " + CHECKSUM
                    + "), but declares " + declared + " (edited or corrupted)");
        }
        return new ModelDescription(json, file, version);
    }

    /**
     * The names of the encoder weight files the spec's encoders record ({@link EncoderWeights}):
     * none in version 2, which had no encoder specs.
     *
     * @throws ModelFormatException if a member on the way is malformed
     */
    Set<String> encoderWeightFiles() {
        Set<String> files = new HashSet<>();
        if (version == 2) {
            return files;
        }
        String where = file + ": spec";
        JsonArray modalities = array(object(json, "spec", file), "modalities", where);
        for (int i = 0; i < modalities.size(); i++) {
            String at = where + ".modalities[" + i + "]";
            JsonObject m = object(modalities.get(i), at);
            if (m.has("encoderSpec")) {
                EncoderSpec spec = SpecCodec.encoderSpec(m, at);
                if (spec.hasWeights()) {
                    files.add(EncoderWeights.fileName(spec));
                }
            }
        }
        return files;
    }

    /** The weight file's name, size and SHA-256 as declared. */
    JsonObject weights() {
        return object(json, "weights", file);
    }

    /** The spec, each number checked against fixed bounds and against {@code layout} before it is made. */
    FusionSpec spec(SafeTensors.Layout layout) {
        return version == 2
                ? SpecCodec.read(json, file + " (version 2)", ReadLimits.of(layout))
                : SpecCodec.read(object(json, "spec", file), file + ": spec", ReadLimits.of(layout));
    }

    /**
     * Per modality, whether it was trained on sequences (true) or vectors (false); a modality
     * without a layout accepts either.
     */
    Map<Modality, Boolean> sequenceInputs(FusionSpec spec) {
        Map<Modality, Boolean> sequences = new LinkedHashMap<>();
        if (version == 2) {
            JsonArray modalities = array(json, "modalities", file);
            for (int i = 0; i < modalities.size(); i++) {
                String where = file + ": modalities[" + i + "]";
                JsonObject m = object(modalities.get(i), where);
                if (m.has("sequence")) {
                    sequences.put(Modality.of(string(m, "name", where)), bool(m, "sequence", where));
                }
            }
            return sequences;
        }
        JsonObject layouts = object(json, "inputLayouts", file);
        for (String name : layouts.keySet()) {
            Modality modality = spec.schema().modalities().stream().filter(m -> m.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ModelFormatException(file + ": inputLayouts names '" + name
                            + "', which is not a modality of the spec " + spec.schema().modalities()));
            Layout layout = constant(Layout.class, layouts, name, file + ": inputLayouts");
            sequences.put(modality, layout == Layout.SEQUENCE);
        }
        return sequences;
    }

    /** The input statistics, one mean and standard deviation per feature of each modality. */
    InputStatistics statistics(ModalitySchema schema) {
        JsonObject all = object(json, "statistics", file);
        Map<Modality, float[]> means = new LinkedHashMap<>();
        Map<Modality, float[]> stds = new LinkedHashMap<>();
        for (Modality modality : schema.modalities()) {
            String where = file + ": statistics." + modality;
            JsonObject s = object(all, modality.name(), file + ": statistics");
            means.put(modality, floats(s, "mean", schema.width(modality), where));
            stds.put(modality, floats(s, "std", schema.width(modality), where));
        }
        return InputStatistics.of(means, stds);
    }

    /** Where the model came from: everything since version 3, history and versions in version 2. */
    Provenance provenance() {
        JsonObject provenance = object(json, "provenance", file);
        return version == 2
                ? ProvenanceCodec.readVersion2(provenance, file + ": provenance")
                : ProvenanceCodec.read(provenance, file + ": provenance");
    }

    private static float[] floats(JsonObject json, String field, int width, String where) {
        JsonArray values = array(json, field, where);
        if (values.size() != width) {
            throw new ModelFormatException(where + "." + field + " has " + values.size() + " values for width "
                    + width);
        }
        float[] floats = new float[width];
        for (int i = 0; i < width; i++) {
            JsonNumbers.finite(values.get(i), where + "." + field + "[" + i + "]");
            floats[i] = values.get(i).getAsFloat();
            if (!Float.isFinite(floats[i])) {
                throw new ModelFormatException(where + "." + field + "[" + i + "] is " + values.get(i)
                        + ", not a finite float");
            }
        }
        return floats;
    }
}
