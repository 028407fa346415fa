package dev.fusion4j.dataset;

import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.data.RawInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Encodes the same text files through one embedding cache, over and over, checking every result:
 * what the cache tests run in threads and in child processes ({@code main}).
 */
final class CacheRace {
    static final int FILES = 24;
    static final EncoderSpec SPEC = EncoderSpec.of(CountingEncoder.TYPE, Map.of("scale", "1.0", "delayMillis", "0"));

    private CacheRace() {
    }

    /** Writes text file {@code i} holding {@code i + 1} letters, the first of them {@code 'a' + i % 26}. */
    static List<Path> writeFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            files.add(Files.writeString(folder.resolve("text-" + i + ".txt"),
                    String.valueOf((char) ('a' + i % 26)).repeat(i + 1), StandardCharsets.UTF_8));
        }
        return files;
    }

    /**
     * Encodes {@code files} {@code rounds} times with a new encoder each round, each through
     * {@code cache}; throws if a result is not {@code [i + 1, 'a' + i % 26]}.
     */
    static void encode(Path cache, List<Path> files, int rounds) {
        List<RawInputs> samples = files.stream().map(file -> RawInputs.builder().text(file).build()).toList();
        for (int round = 0; round < rounds; round++) {
            try (DatasetEncoder encoder = DatasetEncoder.builder().encoder(Modality.TEXT, SPEC).batchSize(5)
                    .cache(cache).build()) {
                List<MultimodalSample> encoded = encoder.encode(samples);
                for (int i = 0; i < files.size(); i++) {
                    Optional<Features> expected = Optional.of(Features.vector(i + 1, 'a' + i % 26));
                    if (!encoded.get(i).get(Modality.TEXT).equals(expected)) {
                        throw new AssertionError("round " + round + ", file " + i + ": " + encoded.get(i));
                    }
                }
                if (encoder.cacheStats().corrupt() != 0) {
                    throw new AssertionError("round " + round + " saw a corrupt entry: " + encoder.cacheStats());
                }
            }
        }
    }

    /** {@code <cache> <folder of files> <rounds>}: encodes the files there; exits 1 if a result is wrong. */
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[1]);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            files.add(folder.resolve("text-" + i + ".txt"));
        }
        encode(Path.of(args[0]), files, Integer.parseInt(args[2]));
    }
}
