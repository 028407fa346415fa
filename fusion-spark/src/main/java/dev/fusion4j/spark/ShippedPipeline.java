package dev.fusion4j.spark;

import dev.fusion4j.FusionException;
import dev.fusion4j.model.FusionPipeline;
import dev.fusion4j.model.Predictor;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A saved {@link FusionPipeline} as the bytes of its files, which Spark broadcasts to the
 * executors. Each executor JVM writes them to a temporary directory, loads the pipeline and opens
 * one model predictor, once per pipeline (by the files' SHA-256), and closes it at shutdown.
 */
final class ShippedPipeline implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LOADED.values().forEach(loaded ->
                loaded.predictor().close()), "fusion4j-close-predictors"));
    }

    private final TreeMap<String, byte[]> files;
    private final String sha256;

    private ShippedPipeline(TreeMap<String, byte[]> files, String sha256) {
        this.files = files;
        this.sha256 = sha256;
    }

    /** The files of {@code pipeline}, saved to a temporary directory and read back. */
    static ShippedPipeline of(FusionPipeline pipeline) {
        Path directory = temporaryDirectory("fusion4j-ship-");
        try {
            pipeline.save(directory);
            TreeMap<String, byte[]> files = new TreeMap<>();
            MessageDigest digest = sha256();
            for (Path file : list(directory)) {
                String name = directory.relativize(file).toString();
                byte[] content = Files.readAllBytes(file);
                files.put(name, content);
                digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(content);
            }
            return new ShippedPipeline(files, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the saved pipeline in " + directory, e);
        } finally {
            delete(directory);
        }
    }

    /** The pipeline and a model predictor of it, loaded in this JVM on first use. */
    Loaded load() {
        return LOADED.computeIfAbsent(sha256, key -> {
            Path directory = temporaryDirectory("fusion4j-pipeline-");
            try {
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    Path target = directory.resolve(file.getKey());
                    Files.createDirectories(target.getParent());
                    Files.write(target, file.getValue());
                }
                FusionPipeline pipeline = FusionPipeline.load(directory);
                return new Loaded(pipeline, pipeline.model().newPredictor());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the shipped pipeline to " + directory, e);
            } finally {
                delete(directory);
            }
        });
    }

    /** A pipeline loaded in this JVM and its model's predictor (thread-safe; closed at shutdown). */
    record Loaded(FusionPipeline pipeline, Predictor predictor) {
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new FusionException("cannot create a temporary directory for a pipeline: " + e.getMessage(), e);
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a leftover temporary file does no harm
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
