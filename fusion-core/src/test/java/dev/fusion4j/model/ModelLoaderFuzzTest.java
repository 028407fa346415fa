package dev.fusion4j.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fusion4j.data.Modality;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target: a model directory whose {@code model.json} holds arbitrary bytes (next to a valid
 * weight file) loads or fails with {@link ModelFormatException}, nothing else.
 */
class ModelLoaderFuzzTest {
    private static final Path DIRECTORY = savedModel();

    private static Path savedModel() {
        try {
            Path dir = Files.createTempDirectory("fusion4j-fuzz-model");
            // a trunk, so the seeds reach the trunk's parsing and its factory too
            try (FusionModel model = FusionModel.builder().modality(Modality.TEXT, new LinearTrunk(3, 2))
                    .modality(Modality.AUDIO, 2)
                    .fusion(Fusion.intermediate().width(4).lowRank(2, 3)).head(Head.classification("a", "b")).allowUntrained().build()) {
                model.save(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void loadThrowsOnlyModelFormatException(byte[] modelJson) throws IOException {
        Path dir = Files.createTempDirectory("fusion4j-fuzz-case");
        try {
            try (var files = Files.list(DIRECTORY)) {
                for (Path file : files.toList()) {
                    if (file.getFileName().toString().endsWith(".safetensors")) {
                        Files.copy(file, dir.resolve(file.getFileName()));
                    }
                }
            }
            Files.write(dir.resolve("model.json"), modelJson);
            try (FusionModel loaded = FusionModel.load(dir)) {
                loaded.schema();
            } catch (ModelFormatException expected) {
                // documented
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }
}
