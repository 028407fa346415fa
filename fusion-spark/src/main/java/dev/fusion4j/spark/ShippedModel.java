package dev.fusion4j.spark;

import dev.fusion4j.FusionException;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Modality;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionPipeline;
import dev.fusion4j.model.Predictor;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A saved {@link FusionPipeline} or {@link FusionModel} as the bytes of its files, which Spark
 * broadcasts to the executors. Each executor JVM writes them to a temporary directory, loads them
 * and opens one model predictor, once per model (by the files' SHA-256), and closes it at shutdown.
 */
final class ShippedModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LOADED.values().forEach(loaded ->
                loaded.predictor().close()), "fusion4j-close-predictors"));
    }

    private final TreeMap<String, byte[]> files;
    private final String sha256;
    private final boolean pipeline;

    private ShippedModel(TreeMap<String, byte[]> files, String sha256, boolean pipeline) {
        this.files = files;
        this.sha256 = sha256;
        this.pipeline = pipeline;
    }

    /** The files of {@code pipeline}. */
    static ShippedModel of(FusionPipeline pipeline) {
        return of(pipeline::save, true);
    }

    /** The files of {@code model}, which has no encoders. */
    static ShippedModel of(FusionModel model) {
        return of(model::save, false);
    }

    /** The files {@code save} writes to a temporary directory, read back. */
    private static ShippedModel of(Consumer<Path> save, boolean pipeline) {
        Path directory = temporaryDirectory("fusion4j-ship-");
        try {
            save.accept(directory);
            TreeMap<String, byte[]> files = new TreeMap<>();
            MessageDigest digest = sha256();
            digest.update((byte) (pipeline ? 1 : 0));
            for (Path file : list(directory)) {
                String name = directory.relativize(file).toString();
                byte[] content = Files.readAllBytes(file);
                files.put(name, content);
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update(content);
            }
            return new ShippedModel(files, HexFormat.of().formatHex(digest.digest()), pipeline);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the saved model in " + directory, e);
        } finally {
            delete(directory);
        }
    }

    /** The encoders' specs (none for a bare model) and a model predictor, loaded in this JVM on first use. */
    Loaded load() {
        return LOADED.computeIfAbsent(sha256, key -> {
            Path directory = temporaryDirectory("fusion4j-model-");
            try {
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    Path target = directory.resolve(file.getKey());
                    Files.createDirectories(target.getParent());
                    Files.write(target, file.getValue());
                }
                if (pipeline) {
                    FusionPipeline loaded = FusionPipeline.load(directory);
                    return new Loaded(loaded.encoders(), loaded.model().newPredictor());
                }
                return new Loaded(Map.of(), FusionModel.load(directory).newPredictor());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the shipped model to " + directory, e);
            } finally {
                delete(directory);
            }
        });
    }

    /** Per modality, its encoder's spec, and the model's predictor (thread-safe; closed at shutdown). */
    record Loaded(Map<Modality, EncoderSpec> encoders, Predictor predictor) {
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new FusionException("cannot create a temporary directory for a model: " + e.getMessage(), e);
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
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
