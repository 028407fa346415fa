package dev.fusion4j.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonSyntaxException;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import dev.fusion4j.data.Modality;
import dev.fusion4j.fusion.InputStatistics;
import dev.fusion4j.fusion.ModalitySchema;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * {@code model.json}: a model's architecture, statistics, provenance and weight file, sealed by the
 * SHA-256 of everything else in it ({@value #CHECKSUM}). Reading checks the seal, then every number
 * against fixed bounds and against the weight file's layout before anything is built from it, so
 * a hostile file costs no more memory than its own size.
 */
final class ModelDescription {
    static final String FORMAT = "fusion4j-model";
    /** Version 2 seals model.json with its own checksum; version 1 files had none. */
    static final int CURRENT_VERSION = 2;
    static final String CHECKSUM = "modelSha256";
    /** The most modalities a saved model may have. */
    static final int MAX_MODALITIES = 256;

    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();
    /** Gson for reading: an int field holding 1e30 or 2.5 is an error, not 2147483647 or 2. */
    private static final Gson STRICT = new GsonBuilder().serializeSpecialFloatingPointValues()
            .registerTypeAdapter(int.class, new ExactInt()).registerTypeAdapter(Integer.class, new ExactInt())
            .create();

    private final JsonObject json;
    private final String file;

    private ModelDescription(JsonObject json, String file) {
        this.json = json;
        this.file = file;
    }

    /** The text of {@code model.json} for {@code model}, sealed. */
    static String write(FusionModel model, String weightsName, String weightsSha, long weightsBytes) {
        JsonObject json = describe(model);
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
        long version = JsonNumbers.integer(json.get("formatVersion"), file + ": formatVersion", 1, Integer.MAX_VALUE,
                "");
        if (version != CURRENT_VERSION) {
            throw new ModelFormatException(file + " has format version " + version + "; this library reads version "
                    + CURRENT_VERSION + (version < CURRENT_VERSION
                    ? " (version 1, of the 0.1 snapshots, had no checksum of model.json: train and save it again)"
                    : ""));
        }
        if (declared == null || !declared.isJsonPrimitive() || !declared.getAsString().equals(actual)) {
            throw new ModelFormatException(file + " has SHA-256 " + actual + " (without its " + CHECKSUM
                    + "), but declares " + declared + " (edited or corrupted)");
        }
        return new ModelDescription(json, file);
    }

    /** The weight file's name, size and SHA-256 as declared. */
    JsonObject weights() {
        return object(json, "weights", file);
    }

    /**
     * The architecture, each number checked against fixed bounds and against {@code layout}
     * before any part of the model is made.
     */
    ModelSpec spec(SafeTensors.Layout layout) {
        long largest = layout.largestSize();
        String sizeBound = "the largest tensor size in " + layout.fileName();
        JsonArray modalities = array(json, "modalities", file);
        JsonNumbers.within(modalities.size(), file + ": number of modalities", 1, MAX_MODALITIES, "");
        ModalitySchema.Builder schema = ModalitySchema.builder();
        Map<Modality, Trunk> trunks = new LinkedHashMap<>();
        for (int i = 0; i < modalities.size(); i++) {
            String where = file + ": modalities[" + i + "]";
            JsonObject m = object(modalities.get(i), where);
            Modality modality = Modality.of(string(m, "name", where));
            int width = (int) JsonNumbers.integer(m.get("width"), where + ".width", 1, largest, sizeBound);
            schema.add(modality, width);
            if (m.has("trunk")) {
                Trunk trunk = trunk(object(m, "trunk", where), where + ".trunk");
                if (trunk.outputWidth() != width) {
                    throw new ModelFormatException("the " + trunk.type() + " trunk of '" + modality + "' outputs "
                            + trunk.outputWidth() + " values, but the model declares width " + width);
                }
                trunks.put(modality, trunk);
            }
        }
        ModalitySchema built = schema.build();
        FusionStrategy strategy = strategy(object(json, "fusion", file), built.size(), layout);
        Head head = head(object(json, "head", file), largest, sizeBound);
        Map<Modality, Double> dropout = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : object(json, "modalityDropout", file).entrySet()) {
            Modality modality = Modality.of(e.getKey());
            built.width(modality);   // one of the model's
            dropout.put(modality, JsonNumbers.fraction(e.getValue().getAsDouble(), file + ": modalityDropout."
                    + e.getKey()));
        }
        long seed = JsonNumbers.integer(json.get("seed"), file + ": seed", Long.MIN_VALUE, Long.MAX_VALUE, "");
        return new ModelSpec(built, trunks, strategy, head, dropout, seed);
    }

    /**
     * Per modality, whether it was trained on sequences (true) or vectors (false); a modality
     * without the optional {@code sequence} field accepts either.
     */
    Map<Modality, Boolean> sequenceInputs() {
        Map<Modality, Boolean> sequences = new LinkedHashMap<>();
        JsonArray modalities = array(json, "modalities", file);
        for (int i = 0; i < modalities.size(); i++) {
            String where = file + ": modalities[" + i + "]";
            JsonObject m = object(modalities.get(i), where);
            if (m.has("sequence")) {
                JsonElement sequence = m.get("sequence");
                if (!sequence.isJsonPrimitive() || !sequence.getAsJsonPrimitive().isBoolean()) {
                    throw new ModelFormatException(where + ".sequence must be true or false, got " + sequence);
                }
                sequences.put(Modality.of(string(m, "name", where)), sequence.getAsBoolean());
            }
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

    private FusionStrategy strategy(JsonObject fusion, int modalities, SafeTensors.Layout layout) {
        String type = string(fusion, "type", file + ": fusion");
        for (Class<?> permitted : FusionStrategy.class.getPermittedSubclasses()) {
            if (permitted.getSimpleName().equals(type)) {
                FusionStrategy strategy;
                try {
                    strategy = (FusionStrategy) STRICT.fromJson(fusion.get("settings"), permitted);
                } catch (JsonSyntaxException e) {
                    throw new ModelFormatException(file + ": fusion.settings: " + e.getMessage(), e);
                }
                new StrategyBounds(file + ": fusion.settings.", modalities, layout).check(strategy);
                return strategy;
            }
        }
        throw new ModelFormatException("unknown fusion type '" + type + "'");
    }

    private Head head(JsonObject head, long largest, String sizeBound) {
        String where = file + ": head";
        JsonArray names = array(head, "names", where);
        JsonNumbers.within(names.size(), where + ".names count", 1, largest, sizeBound);
        List<String> list = GSON.fromJson(names, new TypeToken<List<String>>() {
        }.getType());
        int outputs = (int) JsonNumbers.integer(head.get("outputs"), where + ".outputs", 0, largest, sizeBound);
        return Head.of(Head.Kind.valueOf(string(head, "kind", where)), list, outputs);
    }

    /** Recreates a trunk with the {@link TrunkFactory} of its type found on the class path. */
    private static Trunk trunk(JsonObject json, String where) {
        String type = string(json, "type", where);
        Map<String, String> settings = GSON.fromJson(json.get("settings"), new TypeToken<Map<String, String>>() {
        }.getType());
        for (TrunkFactory factory : ServiceLoader.load(TrunkFactory.class)) {
            if (factory.type().equals(type)) {
                return factory.create(settings);
            }
        }
        throw new ModelFormatException("the model has a '" + type + "' trunk, and no TrunkFactory for it is on the "
                + "class path (the 'resnet' trunk comes with fusion-image)");
    }

    private static float[] floats(JsonObject json, String field, int width, String where) {
        JsonArray values = array(json, field, where);
        if (values.size() != width) {
            throw new ModelFormatException(where + "." + field + " has " + values.size() + " values for width "
                    + width);
        }
        float[] floats = GSON.fromJson(values, float[].class);
        for (int i = 0; i < floats.length; i++) {
            if (!Float.isFinite(floats[i])) {
                throw new ModelFormatException(where + "." + field + "[" + i + "] is " + values.get(i)
                        + ", not a finite float");
            }
        }
        return floats;
    }

    private static JsonObject describe(FusionModel model) {
        ModelSpec spec = model.spec();
        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
        json.addProperty("formatVersion", CURRENT_VERSION);
        JsonArray modalities = new JsonArray();
        for (Modality modality : spec.schema().modalities()) {
            JsonObject m = new JsonObject();
            m.addProperty("name", modality.name());
            m.addProperty("width", spec.schema().width(modality));
            Boolean sequence = model.sequenceInputs().get(modality);
            if (sequence != null) {
                m.addProperty("sequence", sequence);
            }
            Trunk trunk = spec.trunks().get(modality);
            if (trunk != null) {
                JsonObject t = new JsonObject();
                t.addProperty("type", trunk.type());
                t.add("settings", GSON.toJsonTree(trunk.settings()));
                m.add("trunk", t);
            }
            modalities.add(m);
        }
        json.add("modalities", modalities);
        JsonObject fusion = new JsonObject();
        fusion.addProperty("type", spec.strategy().getClass().getSimpleName());
        fusion.add("settings", GSON.toJsonTree(spec.strategy()));
        json.add("fusion", fusion);
        JsonObject head = new JsonObject();
        head.addProperty("kind", spec.head().kind().name());
        head.add("names", GSON.toJsonTree(spec.head().names()));
        head.addProperty("outputs", spec.head().outputs());
        json.add("head", head);
        JsonObject dropout = new JsonObject();
        spec.modalityDropout().forEach((m, p) -> dropout.addProperty(m.name(), p));
        json.add("modalityDropout", dropout);
        json.addProperty("seed", spec.seed());
        JsonObject statistics = new JsonObject();
        for (Modality modality : spec.schema().modalities()) {
            JsonObject s = new JsonObject();
            s.add("mean", GSON.toJsonTree(model.statistics().mean(modality)));
            s.add("std", GSON.toJsonTree(model.statistics().std(modality)));
            statistics.add(modality.name(), s);
        }
        json.add("statistics", statistics);
        JsonObject provenance = new JsonObject();
        provenance.addProperty("savedAt", Instant.now().toString());
        provenance.addProperty("library", "fusion4j " + version());
        provenance.addProperty("java", System.getProperty("java.version"));
        provenance.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        provenance.addProperty("epochsTrained", model.history().size());
        JsonArray history = new JsonArray();
        for (EpochMetrics epoch : model.history()) {
            JsonObject e = new JsonObject();
            e.addProperty("epoch", epoch.epoch());
            addFinite(e, "trainingLoss", epoch.trainingLoss());
            addFinite(e, "validationLoss", epoch.validationLoss());
            addFinite(e, "validationMetric", epoch.validationMetric());
            addFinite(e, "seconds", epoch.seconds());
            history.add(e);
        }
        provenance.add("history", history);
        json.add("provenance", provenance);
        return json;
    }

    /** {@code value} under {@code name}, left out when NaN or infinite (read back as NaN). */
    private static void addFinite(JsonObject json, String name, double value) {
        if (Double.isFinite(value)) {
            json.addProperty(name, value);
        }
    }

    /**
     * The metrics of every epoch the model was trained for, oldest first; none for a model saved
     * untrained.
     */
    List<EpochMetrics> history() {
        JsonObject provenance = object(json, "provenance", file);
        if (!provenance.has("history")) {
            return List.of();
        }
        JsonArray epochs = array(provenance, "history", file + ": provenance");
        List<EpochMetrics> history = new ArrayList<>(epochs.size());
        for (int i = 0; i < epochs.size(); i++) {
            String where = file + ": provenance.history[" + i + "]";
            JsonObject e = object(epochs.get(i), where);
            int epoch = (int) JsonNumbers.integer(e.get("epoch"), where + ".epoch", 1, Integer.MAX_VALUE, "");
            history.add(new EpochMetrics(epoch, finiteOrNaN(e, "trainingLoss", where),
                    finiteOrNaN(e, "validationLoss", where), finiteOrNaN(e, "validationMetric", where),
                    finiteOrNaN(e, "seconds", where)));
        }
        return history;
    }

    /** A metric {@link #addFinite} wrote, NaN where it left it out. */
    private static double finiteOrNaN(JsonObject json, String name, String where) {
        return json.has(name) ? JsonNumbers.finite(json.get(name), where + "." + name) : Double.NaN;
    }

    private static String version() {
        String version = ModelDescription.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    static JsonObject object(JsonObject parent, String field, String where) {
        return object(parent.get(field), where + "." + field);
    }

    private static JsonObject object(JsonElement element, String where) {
        if (element == null || !element.isJsonObject()) {
            throw new ModelFormatException(where + " is " + element + ", not a JSON object");
        }
        return element.getAsJsonObject();
    }

    private static JsonArray array(JsonObject parent, String field, String where) {
        JsonElement element = parent.get(field);
        if (element == null || !element.isJsonArray()) {
            throw new ModelFormatException(where + "." + field + " is " + element + ", not a list");
        }
        return element.getAsJsonArray();
    }

    static String string(JsonObject parent, String field, String where) {
        JsonElement element = parent.get(field);
        if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw new ModelFormatException(where + "." + field + " is " + element + ", not a string");
        }
        return element.getAsString();
    }

    /** Reads an int exactly as written; anything else is a {@link JsonSyntaxException} naming the field. */
    private static final class ExactInt extends TypeAdapter<Integer> {
        @Override
        public Integer read(JsonReader in) throws IOException {
            String path = in.getPath();
            String written = in.nextString();
            try {
                return new BigDecimal(written).intValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw new JsonSyntaxException(path.replace("$.", "") + " is " + written + ", not an int");
            }
        }

        @Override
        public void write(JsonWriter out, Integer value) throws IOException {
            out.value(value);
        }
    }
}
