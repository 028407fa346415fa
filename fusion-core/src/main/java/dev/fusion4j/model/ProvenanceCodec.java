package dev.fusion4j.model;

import static dev.fusion4j.internal.io.StrictJson.array;
import static dev.fusion4j.internal.io.StrictJson.object;
import static dev.fusion4j.internal.io.StrictJson.string;
import static dev.fusion4j.internal.io.StrictJson.strings;
import dev.fusion4j.internal.io.JsonNumbers;
import dev.fusion4j.train.EpochMetrics;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fusion4j.data.Modality;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link Provenance} as the {@code provenance} member of {@code model.json}, every field written
 * and read by its name:
 *
 * <pre>{@code
 * {"options": {"optimizer": "ADAM", "learningRate": "0.001", ...},
 *  "data": {"samples": 300, "labels": {"neg": 140, "pos": 160}, "sha256": "9f2c..."},
 *  "encoders": {"text": "BertTextEncoder(384)"},
 *  "versions": {"fusion4j": "0.1.0", "djl": "0.36.0", "engine": "PyTorch 2.7.1", ...},
 *  "trainedAt": "2025-01-31T10:15:30.123Z",
 *  "history": [{"epoch": 1, "trainingLoss": 0.69, "validationLoss": 0.61, "validationMetric": 0.7,
 *               "seconds": 1.2}, ...]}
 * }</pre>
 *
 * {@code data} and {@code trainedAt} are left out before training; a metric that is NaN (no
 * validation set) is left out of its epoch and read back as NaN.
 */
final class ProvenanceCodec {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ProvenanceCodec() {
    }

    static JsonObject write(Provenance provenance) {
        JsonObject json = new JsonObject();
        json.add("options", stringsObject(provenance.options()));
        provenance.data().ifPresent(data -> {
            JsonObject d = new JsonObject();
            d.addProperty("samples", data.samples());
            JsonObject labels = new JsonObject();
            data.labels().forEach(labels::addProperty);
            d.add("labels", labels);
            d.addProperty("sha256", data.sha256());
            json.add("data", d);
        });
        Map<String, String> encoders = new LinkedHashMap<>();
        provenance.encoders().forEach((modality, description) -> encoders.put(modality.name(), description));
        json.add("encoders", stringsObject(encoders));
        json.add("versions", stringsObject(provenance.versions()));
        provenance.trainedAt().ifPresent(time -> json.addProperty("trainedAt", time.toString()));
        JsonArray history = new JsonArray();
        for (EpochMetrics epoch : provenance.history()) {
            JsonObject e = new JsonObject();
            e.addProperty("epoch", epoch.epoch());
            addFinite(e, "trainingLoss", epoch.trainingLoss());
            addFinite(e, "validationLoss", epoch.validationLoss());
            addFinite(e, "validationMetric", epoch.validationMetric());
            addFinite(e, "seconds", epoch.seconds());
            history.add(e);
        }
        json.add("history", history);
        return json;
    }

    /**
     * @param where the file and member for messages
     * @throws ModelFormatException naming the field that is missing, of another type or out of range
     */
    static Provenance read(JsonObject json, String where) {
        Optional<Provenance.DataFingerprint> data = json.has("data")
                ? Optional.of(data(object(json, "data", where), where + ".data"))
                : Optional.empty();
        Map<Modality, String> encoders = new LinkedHashMap<>();
        strings(json, "encoders", where).forEach((name, description) -> {
            try {
                encoders.put(Modality.of(name), description);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(where + ".encoders: " + e.getMessage(), e);
            }
        });
        Optional<Instant> trainedAt = Optional.empty();
        if (json.has("trainedAt")) {
            String time = string(json, "trainedAt", where);
            try {
                trainedAt = Optional.of(Instant.parse(time));
            } catch (DateTimeParseException e) {
                throw new ModelFormatException(where + ".trainedAt is '" + time + "', not an ISO-8601 instant", e);
            }
        }
        return new Provenance(strings(json, "options", where), data, encoders, strings(json, "versions", where),
                trainedAt, history(json, where));
    }

    /**
     * The provenance kept by format version 2: the history and the versions that saved it
     * ({@code library}, {@code java}, {@code os}); no options, data, encoders or training time.
     */
    static Provenance readVersion2(JsonObject json, String where) {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("fusion4j", string(json, "library", where).replaceFirst("^fusion4j ", ""));
        versions.put("java", string(json, "java", where));
        versions.put("os", string(json, "os", where));
        List<EpochMetrics> history = json.has("history") ? history(json, where) : List.of();
        return new Provenance(Map.of(), Optional.empty(), Map.of(), versions, Optional.empty(), history);
    }

    private static Provenance.DataFingerprint data(JsonObject json, String where) {
        int samples = (int) JsonNumbers.integer(json.get("samples"), where + ".samples", 1, Integer.MAX_VALUE, "");
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : object(json, "labels", where).entrySet()) {
            labels.put(e.getKey(), (int) JsonNumbers.integer(e.getValue(), where + ".labels." + e.getKey(), 0,
                    samples, "the number of samples"));
        }
        String sha256 = string(json, "sha256", where);
        if (!SHA256.matcher(sha256).matches()) {
            throw new ModelFormatException(where + ".sha256 is '" + sha256 + "', not 64 lower-case hex digits");
        }
        return new Provenance.DataFingerprint(samples, labels, sha256);
    }

    private static List<EpochMetrics> history(JsonObject json, String where) {
        JsonArray epochs = array(json, "history", where);
        List<EpochMetrics> history = new ArrayList<>(epochs.size());
        for (int i = 0; i < epochs.size(); i++) {
            String at = where + ".history[" + i + "]";
            JsonObject e = object(epochs.get(i), at);
            int epoch = (int) JsonNumbers.integer(e.get("epoch"), at + ".epoch", 1, Integer.MAX_VALUE, "");
            history.add(new EpochMetrics(epoch, finiteOrNaN(e, "trainingLoss", at),
                    finiteOrNaN(e, "validationLoss", at), finiteOrNaN(e, "validationMetric", at),
                    finiteOrNaN(e, "seconds", at)));
        }
        return history;
    }

    private static JsonObject stringsObject(Map<String, String> values) {
        JsonObject json = new JsonObject();
        values.forEach(json::addProperty);
        return json;
    }

    /** {@code value} under {@code name}, left out when NaN or infinite (read back as NaN). */
    private static void addFinite(JsonObject json, String name, double value) {
        if (Double.isFinite(value)) {
            json.addProperty(name, value);
        }
    }

    /** A metric {@link #addFinite} wrote, NaN where it left it out. */
    private static double finiteOrNaN(JsonObject json, String name, String where) {
        return json.has(name) ? JsonNumbers.finite(json.get(name), where + "." + name) : Double.NaN;
    }
}
