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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Saves and loads models as a directory: {@code model.json} (see {@link ModelDescription}) and
 * {@code weights-<hash>.safetensors}. Saving writes the weights under a new name, then replaces
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
        List<ParameterSpec> specs = model.spec().parameters(model.statistics());
        byte[] weights = SafeTensors.write(specs, model.parameterView());
        String sha = sha256(weights);
        String weightsName = "weights-" + sha.substring(0, 16) + ".safetensors";
        byte[] description = ModelDescription.write(model, weightsName, sha, weights.length)
                .getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(directory);
            try (DirectoryLock lock = DirectoryLock.exclusive(directory)) {
                writeAtomically(directory, weightsName, weights, writer);
                writeAtomically(directory, MODEL_FILE, description, writer);
                syncDirectory(directory);
                removeLeftovers(directory, weightsName);
            }
        } catch (IOException e) {
            throw new FusionException("cannot save the model to " + directory + ": " + e.getMessage(), e);
        }
    }

    static FusionModel load(Path directory, Device device) {
        if (!Files.isRegularFile(directory.resolve(MODEL_FILE))) {
            throw new ModelFormatException("no model at " + directory + ": " + MODEL_FILE + " is missing");
        }
        try (DirectoryLock lock = DirectoryLock.shared(directory)) {
            tidy(directory, lock);
            return read(directory, device);
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
        try {
            if (!Files.isRegularFile(file)) {
                throw new ModelFormatException("weight file " + file + " is missing");
            }
            long size = Files.size(file);
            if (size > MAX_WEIGHT_BYTES) {
                throw new ModelFormatException("weight file " + file + " is " + size + " bytes; the limit is "
                        + MAX_WEIGHT_BYTES + " (the largest Java array)");
            }
            long declared = JsonNumbers.integer(weights.get("bytes"), file + ": weights.bytes", 0, MAX_WEIGHT_BYTES,
                    "the largest Java array");
            if (size != declared) {
                throw new ModelFormatException("weight file " + file + " is " + size + " bytes; model.json declares "
                        + declared);
            }
            byte[] bytes = Files.readAllBytes(file);
            String sha = sha256(bytes);
            String expected = StrictJson.string(weights, "sha256", file + ": weights");
            if (!sha.equals(expected)) {
                throw new ModelFormatException("weight file " + file + " has SHA-256 " + sha + "; model.json declares "
                        + expected + " (corrupted or replaced)");
            }
            return bytes;
        } catch (IOException e) {
            throw new ModelFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes what a killed save left, if no other process is using the directory; best effort. */
    private static void tidy(Path directory, DirectoryLock lock) {
        try {
            if (hasLeftovers(directory) && lock.tryUpgrade()) {
                removeLeftovers(directory, currentWeights(directory));
            }
        } catch (IOException e) {
            // a directory this process may not change: the load goes on
        }
    }

    /** The weight file a valid {@code model.json} names, or null if there is none. */
    private static String currentWeights(Path directory) {
        Path modelFile = directory.resolve(MODEL_FILE);
        try {
            ModelDescription description = ModelDescription.read(readJson(modelFile), modelFile.toString());
            return weightsName(description.weights(), modelFile.toString());
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

    private static boolean hasLeftovers(Path directory) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            int weights = 0;
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (isTemporary(name) || (WEIGHTS_NAME.matcher(name).matches() && ++weights > 1)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Removes temporary files and weight files other than {@code keep} (none if null); only under
     * the exclusive lock, when no save is writing them.
     */
    private static void removeLeftovers(Path directory, String keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                boolean staleWeights = keep != null && WEIGHTS_NAME.matcher(name).matches() && !name.equals(keep);
                if (staleWeights || isTemporary(name)) {
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
