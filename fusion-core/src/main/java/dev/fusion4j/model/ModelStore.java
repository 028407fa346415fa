package dev.fusion4j.model;

import ai.djl.Device;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.fusion4j.FusionException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.fusion.InputStatistics;
import dev.fusion4j.fusion.ModalitySchema;
import dev.fusion4j.tensor.ParameterSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Saves and loads models as a directory: {@code model.json} (format version, architecture,
 * statistics, provenance, the weight file's name, size and SHA-256) and
 * {@code weights-<hash>.safetensors}. Saving writes the weights under a new name, then replaces
 * {@code model.json} atomically, then removes the old weights: at every instant the directory
 * holds one complete model. Loading never deserialises code.
 */
final class ModelStore {
    static final String FORMAT = "fusion4j-model";
    static final int CURRENT_VERSION = 1;
    static final String MODEL_FILE = "model.json";
    private static final Pattern WEIGHTS_NAME = Pattern.compile("weights-[0-9a-f]{16}\\.safetensors");
    private static final long MAX_JSON_BYTES = 64L << 20;
    private static final long MAX_WEIGHT_BYTES = 8L << 30;
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private ModelStore() {
    }

    /** Writes one file's bytes; the seam through which tests make a save fail midway. */
    @FunctionalInterface
    interface FileWriter {
        void write(Path file, byte[] content) throws IOException;
    }

    static void save(FusionModel model, Path directory) {
        save(model, directory, ModelStore::writeDurably);
    }

    static void save(FusionModel model, Path directory, FileWriter writer) {
        ModelSpec spec = model.spec();
        List<ParameterSpec> specs = spec.parameters(model.statistics());
        byte[] weights = SafeTensors.write(specs, model.parameterView());
        String sha = sha256(weights);
        String weightsName = "weights-" + sha.substring(0, 16) + ".safetensors";
        JsonObject json = describe(model, weightsName, sha, weights.length);
        try {
            Files.createDirectories(directory);
            writeAtomically(directory, weightsName, weights, writer);
            writeAtomically(directory, MODEL_FILE, GSON.toJson(json).getBytes(StandardCharsets.UTF_8), writer);
            syncDirectory(directory);
            deleteStaleFiles(directory, weightsName);
        } catch (IOException e) {
            throw new FusionException("cannot save the model to " + directory + ": " + e.getMessage(), e);
        }
    }

    static FusionModel load(Path directory, Device device) {
        Path modelFile = directory.resolve(MODEL_FILE);
        JsonObject json = readJson(modelFile);
        try {
            String format = json.get("format").getAsString();
            if (!FORMAT.equals(format)) {
                throw new ModelFormatException(modelFile + " is not a Fusion4J model (format '" + format + "')");
            }
            int version = json.get("formatVersion").getAsInt();
            if (version < 1 || version > CURRENT_VERSION) {
                throw new ModelFormatException(modelFile + " has format version " + version
                        + "; this library reads versions 1 to " + CURRENT_VERSION);
            }
            ModelSpec spec = spec(json);
            InputStatistics statistics = statistics(json.getAsJsonObject("statistics"), spec.schema());
            List<ParameterSpec> specs = spec.parameters(statistics);
            Map<String, float[]> parameters = SafeTensors.read(readWeights(directory, json.getAsJsonObject("weights")),
                    json.getAsJsonObject("weights").get("file").getAsString(), specs);
            return new FusionModel(spec, device, statistics, parameters, List.of(), sequenceInputs(json), true);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(modelFile + " does not describe a valid model: " + e.getMessage(), e);
        }
    }

    private static JsonObject describe(FusionModel model, String weightsName, String sha, long bytes) {
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
        JsonObject weights = new JsonObject();
        weights.addProperty("file", weightsName);
        weights.addProperty("bytes", bytes);
        weights.addProperty("sha256", sha);
        json.add("weights", weights);
        JsonObject provenance = new JsonObject();
        provenance.addProperty("savedAt", Instant.now().toString());
        provenance.addProperty("library", "fusion4j " + version());
        provenance.addProperty("java", System.getProperty("java.version"));
        provenance.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        provenance.addProperty("epochsTrained", model.history().size());
        json.add("provenance", provenance);
        return json;
    }

    private static ModelSpec spec(JsonObject json) {
        ModalitySchema.Builder schema = ModalitySchema.builder();
        Map<Modality, Trunk> trunks = new LinkedHashMap<>();
        for (JsonElement element : json.getAsJsonArray("modalities")) {
            JsonObject m = element.getAsJsonObject();
            Modality modality = Modality.of(m.get("name").getAsString());
            int width = m.get("width").getAsInt();
            schema.add(modality, width);
            if (m.has("trunk")) {
                Trunk trunk = trunk(m.getAsJsonObject("trunk"));
                if (trunk.outputWidth() != width) {
                    throw new ModelFormatException("the " + trunk.type() + " trunk of '" + modality + "' outputs "
                            + trunk.outputWidth() + " values, but the model declares width " + width);
                }
                trunks.put(modality, trunk);
            }
        }
        JsonObject fusion = json.getAsJsonObject("fusion");
        String type = fusion.get("type").getAsString();
        FusionStrategy strategy = null;
        for (Class<?> permitted : FusionStrategy.class.getPermittedSubclasses()) {
            if (permitted.getSimpleName().equals(type)) {
                strategy = (FusionStrategy) GSON.fromJson(fusion.get("settings"), permitted);
            }
        }
        if (strategy == null) {
            throw new ModelFormatException("unknown fusion type '" + type + "'");
        }
        JsonObject headJson = json.getAsJsonObject("head");
        List<String> names = GSON.fromJson(headJson.get("names"), new com.google.gson.reflect.TypeToken<List<String>>() {
        }.getType());
        Head head = Head.of(Head.Kind.valueOf(headJson.get("kind").getAsString()), names,
                headJson.get("outputs").getAsInt());
        Map<Modality, Double> dropout = new LinkedHashMap<>();
        json.getAsJsonObject("modalityDropout").entrySet()
                .forEach(e -> dropout.put(Modality.of(e.getKey()), e.getValue().getAsDouble()));
        return new ModelSpec(schema.build(), trunks, strategy, head, dropout, json.get("seed").getAsLong());
    }

    /** Per modality, whether it was trained on sequences; models saved before this was recorded have none. */
    private static Map<Modality, Boolean> sequenceInputs(JsonObject json) {
        Map<Modality, Boolean> sequences = new LinkedHashMap<>();
        for (JsonElement element : json.getAsJsonArray("modalities")) {
            JsonObject m = element.getAsJsonObject();
            if (m.has("sequence")) {
                sequences.put(Modality.of(m.get("name").getAsString()), m.get("sequence").getAsBoolean());
            }
        }
        return sequences;
    }

    /** Recreates a trunk with the {@link TrunkFactory} of its type found on the class path. */
    private static Trunk trunk(JsonObject json) {
        String type = json.get("type").getAsString();
        Map<String, String> settings = GSON.fromJson(json.get("settings"),
                new com.google.gson.reflect.TypeToken<Map<String, String>>() {
                }.getType());
        for (TrunkFactory factory : ServiceLoader.load(TrunkFactory.class)) {
            if (factory.type().equals(type)) {
                return factory.create(settings);
            }
        }
        throw new ModelFormatException("the model has a '" + type + "' trunk, and no TrunkFactory for it is on the "
                + "class path (the 'resnet' trunk comes with fusion-image)");
    }

    private static InputStatistics statistics(JsonObject json, ModalitySchema schema) {
        Map<Modality, float[]> means = new LinkedHashMap<>();
        Map<Modality, float[]> stds = new LinkedHashMap<>();
        for (Modality modality : schema.modalities()) {
            JsonObject s = json.getAsJsonObject(modality.name());
            float[] mean = GSON.fromJson(s.get("mean"), float[].class);
            float[] std = GSON.fromJson(s.get("std"), float[].class);
            if (mean.length != schema.width(modality) || std.length != schema.width(modality)) {
                throw new ModelFormatException("statistics of '" + modality + "' do not have width "
                        + schema.width(modality));
            }
            means.put(modality, mean);
            stds.put(modality, std);
        }
        return InputStatistics.of(means, stds);
    }

    private static JsonObject readJson(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ModelFormatException("no model at " + file.getParent() + ": " + MODEL_FILE + " is missing");
            }
            if (Files.size(file) > MAX_JSON_BYTES) {
                throw new ModelFormatException(file + " is " + Files.size(file) + " bytes, larger than any model description");
            }
            JsonElement parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new ModelFormatException(file + " is not a JSON object");
            }
            return parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ModelFormatException(file + " is not valid JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readWeights(Path directory, JsonObject weights) {
        String name = weights.get("file").getAsString();
        if (!WEIGHTS_NAME.matcher(name).matches()) {
            throw new ModelFormatException("weight file name '" + name + "' is not of the form weights-<16 hex>.safetensors");
        }
        Path file = directory.resolve(name);
        long declared = weights.get("bytes").getAsLong();
        try {
            if (!Files.isRegularFile(file)) {
                throw new ModelFormatException("weight file " + file + " is missing");
            }
            long size = Files.size(file);
            if (size != declared || size > MAX_WEIGHT_BYTES) {
                throw new ModelFormatException("weight file " + file + " is " + size + " bytes; model.json declares "
                        + declared);
            }
            byte[] bytes = Files.readAllBytes(file);
            String sha = sha256(bytes);
            if (!sha.equals(weights.get("sha256").getAsString())) {
                throw new ModelFormatException("weight file " + file + " has SHA-256 " + sha + "; model.json declares "
                        + weights.get("sha256").getAsString() + " (corrupted or replaced)");
            }
            return bytes;
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path directory, String name, byte[] content, FileWriter writer)
            throws IOException {
        Path temporary = directory.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
        try {
            writer.write(temporary, content);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the renames are still atomic
        }
    }

    private static void deleteStaleFiles(Path directory, String keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                boolean staleWeights = WEIGHTS_NAME.matcher(name).matches() && !name.equals(keep);
                boolean leftover = name.startsWith(".") && name.endsWith(".tmp");
                if (staleWeights || leftover) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String version() {
        String version = ModelStore.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
