package dev.fusion4j.model;

import ai.djl.Device;
import com.google.gson.JsonObject;
import dev.fusion4j.FusionException;
import dev.fusion4j.internal.fusion.InputStatistics;
import dev.fusion4j.internal.io.DirectoryLock;
import dev.fusion4j.internal.io.JsonNumbers;
import dev.fusion4j.internal.io.SafeTensors;
import dev.fusion4j.internal.io.StrictJson;
import dev.fusion4j.internal.tensor.ParameterSpec;
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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Saves and loads models as a directory: {@code model.json} (see {@link ModelDescription}),
 * {@code weights-<hash>.safetensors} and, for a {@link FusionPipeline}, its encoders' weights
 * ({@link EncoderWeights}). Saving writes the weights under new names, then replaces
 * {@code model.json} atomically, then removes the old weights: at every instant the directory
 * holds one complete model. Saves and loads of one directory take turns ({@link DirectoryLock}),
 * across threads and processes: concurrent saves leave the model of the one that ran last, and a
 * load sees the model before or after a save. Files a killed save left behind are removed by the
 * next save, or by the next load when no other process is using the directory. Loading never
 * deserialises code.
 */
final class ModelStore {
    static final String MODEL_FILE = "model.json";
    /** The largest {@code model.json} read: its statistics for some 150 000 features. */
    static final long MAX_JSON_BYTES = 4L << 20;
    /** The largest weight file read: a Java array's limit, just under 2 GiB. */
    static final long MAX_WEIGHT_BYTES = Integer.MAX_VALUE - 8;
    private static final Pattern WEIGHTS_NAME = Pattern.compile("weights-[0-9a-f]{16}\\.safetensors");

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
        save(model, directory, Map.of(), writer);
    }

    /**
     * Saves {@code model} and, before its {@code model.json}, the {@code companions} by file name
     * (encoder weight files its spec names).
     */
    static void save(FusionModel model, Path directory, Map<String, byte[]> companions, FileWriter writer) {
        List<ParameterSpec> specs = model.spec().parameters(model.statistics());
        byte[] weights = SafeTensors.write(specs, model.parameterView());
        String sha = sha256(weights);
        String weightsName = "weights-" + sha.substring(0, 16) + ".safetensors";
        byte[] description = ModelDescription.write(model, weightsName, sha, weights.length)
                .getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(directory);
            try (DirectoryLock lock = DirectoryLock.exclusive(directory)) {
                for (Map.Entry<String, byte[]> companion : companions.entrySet()) {
                    writeAtomically(directory, companion.getKey(), companion.getValue(), writer);
                }
                writeAtomically(directory, weightsName, weights, writer);
                writeAtomically(directory, MODEL_FILE, description, writer);
                syncDirectory(directory);
                Set<String> keep = new HashSet<>(EncoderWeights.fileNames(model.spec()));
                keep.add(weightsName);
                removeLeftovers(directory, keep);
            }
        } catch (IOException e) {
            throw new FusionException("cannot save the model to " + directory + ": " + e.getMessage(), e);
        }
    }

    static FusionModel load(Path directory, Device device) {
        return load(directory, device, (model, files) -> model);
    }

    /**
     * Loads the model in {@code directory} and, under the same lock, what {@code alsoRead} reads
     * from the directory with it (a pipeline's encoder weights).
     */
    static <T> T load(Path directory, Device device, BiFunction<FusionModel, Path, T> alsoRead) {
        if (!Files.isRegularFile(directory.resolve(MODEL_FILE))) {
            throw new ModelFormatException("no model at " + directory + ": " + MODEL_FILE + " is missing");
        }
        try (DirectoryLock lock = DirectoryLock.shared(directory)) {
            tidy(directory, lock);
            return alsoRead.apply(read(directory, device), directory);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read the model in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static FusionModel read(Path directory, Device device) {
        Path modelFile = directory.resolve(MODEL_FILE);
        try {
            ModelDescription description = ModelDescription.read(readJson(modelFile), modelFile.toString());
            JsonObject weights = description.weights();
            String name = weightsName(weights, modelFile.toString());
            byte[] bytes = readWeights(directory.resolve(name), weights);
            SafeTensors.Layout layout = SafeTensors.layout(bytes, name);
            FusionSpec spec = description.spec(layout);
            InputStatistics statistics = description.statistics(spec.schema());
            Map<String, float[]> parameters = SafeTensors.read(bytes, layout, spec.parameters(statistics));
            return new FusionModel(spec, statistics, parameters, description.sequenceInputs(spec),
                    description.provenance(), device);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(modelFile + " does not describe a valid model: " + e.getMessage(), e);
        }
    }

    private static JsonObject readJson(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_JSON_BYTES) {
                throw new ModelFormatException(file + " is " + size + " bytes; the limit is " + MAX_JSON_BYTES);
            }
            return StrictJson.parseObject(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String weightsName(JsonObject weights, String where) {
        String name = StrictJson.string(weights, "file", where + ": weights");
        if (!WEIGHTS_NAME.matcher(name).matches()) {
            throw new ModelFormatException("weight file name '" + name + "' is not of the form weights-<16 hex>.safetensors");
        }
        return name;
    }

    /** Checks the weight file's size before reading it, then its SHA-256. */
    private static byte[] readWeights(Path file, JsonObject weights) {
        long size = weightFileSize(file);
        long declared = JsonNumbers.integer(weights.get("bytes"), file + ": weights.bytes", 0, MAX_WEIGHT_BYTES,
                "the largest Java array");
        if (size != declared) {
            throw new ModelFormatException("weight file " + file + " is " + size + " bytes; model.json declares "
                    + declared);
        }
        byte[] bytes = readAll(file);
        String sha = sha256(bytes);
        String expected = StrictJson.string(weights, "sha256", file + ": weights");
        if (!sha.equals(expected)) {
            throw new ModelFormatException("weight file " + file + " has SHA-256 " + sha + "; model.json declares "
                    + expected + " (corrupted or replaced)");
        }
        return bytes;
    }

    /**
     * The size of a weight file, checked against {@link #MAX_WEIGHT_BYTES} before anything reads it.
     *
     * @throws ModelFormatException if it is missing, unreadable or too large
     */
    static long weightFileSize(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ModelFormatException("weight file " + file + " is missing");
            }
            long size = Files.size(file);
            if (size > MAX_WEIGHT_BYTES) {
                throw new ModelFormatException("weight file " + file + " is " + size + " bytes; the limit is "
                        + MAX_WEIGHT_BYTES + " (the largest Java array)");
            }
            return size;
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A file's bytes (its size checked first), a read failure a {@link ModelFormatException}. */
    static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes what a killed save left, if no other process is using the directory; best effort. */
    private static void tidy(Path directory, DirectoryLock lock) {
        try {
            if (hasLeftovers(directory) && lock.tryUpgrade()) {
                removeLeftovers(directory, currentFiles(directory));
            }
        } catch (IOException e) {
            // a directory this process may not change: the load goes on
        }
    }

    /**
     * The weight files a valid {@code model.json} names (its own and its encoders'), or null if
     * there is none.
     */
    private static Set<String> currentFiles(Path directory) {
        Path modelFile = directory.resolve(MODEL_FILE);
        try {
            ModelDescription description = ModelDescription.read(readJson(modelFile), modelFile.toString());
            Set<String> files = new HashSet<>(description.encoderWeightFiles());
            files.add(weightsName(description.weights(), modelFile.toString()));
            return files;
        } catch (RuntimeException e) {
            return null;   // the load reports it
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

    static void writeDurably(Path file, byte[] content) throws IOException {
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

    /** Whether the directory holds a temporary file, or weight files its {@code model.json} does not name. */
    private static boolean hasLeftovers(Path directory) throws IOException {
        Set<String> weights = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (isTemporary(name)) {
                    return true;
                }
                if (isWeights(name)) {
                    weights.add(name);
                }
            }
        }
        if (weights.size() < 2) {
            return false;   // the model's own weights at most
        }
        Set<String> current = currentFiles(directory);
        return current != null && !current.containsAll(weights);
    }

    private static boolean isWeights(String name) {
        return WEIGHTS_NAME.matcher(name).matches() || EncoderWeights.NAME.matcher(name).matches();
    }

    /**
     * Removes temporary files and weight files (the model's and encoders') other than {@code keep}
     * (none if null); only under the exclusive lock, when no save is writing them.
     */
    private static void removeLeftovers(Path directory, Set<String> keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if ((keep != null && isWeights(name) && !keep.contains(name)) || isTemporary(name)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static boolean isTemporary(String name) {
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
