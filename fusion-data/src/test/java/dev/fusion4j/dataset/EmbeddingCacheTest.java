package dev.fusion4j.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.FusionException;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.data.RawInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding cache, through {@link DatasetEncoder}: hits, misses, corrupt entries, races. */
class EmbeddingCacheTest {
    @TempDir
    Path temp;
    private Path cache;
    private List<RawInputs> samples;

    @BeforeEach
    void samples() throws IOException {
        CountingEncoder.reset();
        cache = temp.resolve("cache");
        Path file = Files.writeString(temp.resolve("caption.txt"), "a file", StandardCharsets.UTF_8);
        samples = List.of(
                RawInputs.builder().id("text").text("hello").build(),
                RawInputs.builder().id("file").text(file).build(),
                RawInputs.builder().id("bytes").put(Modality.TEXT, "bytes!!".getBytes(StandardCharsets.UTF_8)).build());
    }

    private static EncoderSpec spec(double scale) {
        return EncoderSpec.of(CountingEncoder.TYPE, Map.of("scale", Double.toString(scale), "delayMillis", "0"));
    }

    private List<MultimodalSample> encode(EncoderSpec spec, CacheStats expected) {
        try (DatasetEncoder encoder = DatasetEncoder.builder().encoder(Modality.TEXT, spec).cache(cache).build()) {
            List<MultimodalSample> encoded = encoder.encode(samples);
            assertEquals(expected, encoder.cacheStats());
            return encoded;
        }
    }

    private static List<Optional<Features>> texts(List<MultimodalSample> encoded) {
        return encoded.stream().map(sample -> sample.get(Modality.TEXT)).toList();
    }

    @Test
    void aHitGivesTheEncodedFeaturesWithoutEncoding() {
        List<MultimodalSample> cold = encode(spec(2), new CacheStats(0, 3, 0));
        assertEquals(3, CountingEncoder.ENCODED.get());
        assertEquals(List.of(Optional.of(Features.vector(10, 'h')), Optional.of(Features.vector(12, 'a')),
                Optional.of(Features.vector(14, 'b'))), texts(cold));

        List<MultimodalSample> warm = encode(spec(2), new CacheStats(3, 0, 0));

        assertEquals(3, CountingEncoder.ENCODED.get(), "a hit was encoded");
        assertEquals(texts(cold), texts(warm));
        assertEquals(List.of(Optional.of("text"), Optional.of("file"), Optional.of("bytes")),
                warm.stream().map(MultimodalSample::id).toList());
    }

    @Test
    void anotherSpecOrChangedFileContentMisses() throws IOException {
        encode(spec(1), new CacheStats(0, 3, 0));
        encode(spec(3), new CacheStats(0, 3, 0));
        Files.writeString(temp.resolve("caption.txt"), "another file", StandardCharsets.UTF_8);

        List<MultimodalSample> changed = encode(spec(1), new CacheStats(2, 1, 0));

        assertEquals(Optional.of(Features.vector(12, 'a')), changed.get(1).get(Modality.TEXT));
        assertEquals(3 + 3 + 1, CountingEncoder.ENCODED.get());
    }

    @Test
    void aTornOrCorruptEntryIsEncodedAgainAndReplaced() throws IOException {
        List<MultimodalSample> cold = encode(spec(1), new CacheStats(0, 3, 0));
        List<Path> entries = entries();
        assertEquals(3, entries.size());
        byte[] torn = Files.readAllBytes(entries.get(0));
        Files.write(entries.get(0), Arrays.copyOf(torn, torn.length - 5));
        byte[] flipped = Files.readAllBytes(entries.get(1));
        flipped[flipped.length / 2] ^= 0x10;
        Files.write(entries.get(1), flipped);
        CountingEncoder.reset();

        List<MultimodalSample> repaired = encode(spec(1), new CacheStats(1, 2, 2));

        assertEquals(2, CountingEncoder.ENCODED.get());
        assertEquals(texts(cold), texts(repaired));
        encode(spec(1), new CacheStats(3, 0, 0));
    }

    @Test
    void aCacheDirectoryThatCannotBeMadeIsNamed() throws IOException {
        Path file = Files.writeString(temp.resolve("in-the-way"), "not a folder");
        DatasetEncoder.Builder builder = DatasetEncoder.builder().encoder(Modality.TEXT, spec(1)).cache(file.resolve("cache"));

        FusionException thrown = assertThrows(FusionException.class, builder::build);

        assertTrue(thrown.getMessage().startsWith("cannot make the embedding cache directory " + file.resolve("cache")),
                thrown.getMessage());
    }

    @Test
    void onlyContentHasAKey() {
        ContentKeys keys = new ContentKeys(spec(1));
        byte[] content = "same".getBytes(StandardCharsets.UTF_8);

        assertEquals(keys.of(content), keys.of(content.clone()));
        assertNotEquals(keys.of(content), keys.of("same"), "a text and a file's content are read differently");
        assertNotEquals(keys.of(content), new ContentKeys(spec(2)).of(content));
        assertEquals(Optional.empty(), keys.of(new float[] {1, 2}));
        assertEquals(Optional.empty(), keys.of(temp.resolve("missing.txt")));
    }

    @Test
    void aFileAndItsContentShareAnEntry() throws IOException {
        Path file = Files.write(temp.resolve("c.txt"), "content".getBytes(StandardCharsets.UTF_8));
        ContentKeys keys = new ContentKeys(spec(1));
        assertEquals(keys.of(Files.readAllBytes(file)), keys.of(file));
    }

    @Test
    void threadsSharingTheCacheAlwaysReadWholeEntries() throws Exception {
        List<Path> files = CacheRace.writeFiles(Files.createDirectories(temp.resolve("texts")));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> racers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                racers.add(pool.submit(() -> CacheRace.encode(cache, files, 10)));
            }
            for (Future<?> racer : racers) {
                racer.get(2, TimeUnit.MINUTES);   // rethrows a wrong result
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(CacheRace.FILES, entries().size());
        assertEquals(List.of(), temporaries());
    }

    @Test
    void twoProcessesSharingTheCacheAlwaysReadWholeEntries() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("texts"));
        List<Path> files = CacheRace.writeFiles(folder);
        List<Process> children = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-cp", System.getProperty("java.class.path"), CacheRace.class.getName(),
                    cache.toString(), folder.toString(), "20");
            children.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(temp.resolve("child-" + p + ".log").toFile()).start());
        }
        CacheRace.encode(cache, files, 20);
        for (int p = 0; p < children.size(); p++) {
            assertTrue(children.get(p).waitFor(2, TimeUnit.MINUTES), "a child process hangs");
            assertEquals(0, children.get(p).exitValue(), Files.readString(temp.resolve("child-" + p + ".log")));
        }
        try (DatasetEncoder encoder = DatasetEncoder.builder().encoder(Modality.TEXT, CacheRace.SPEC).cache(cache)
                .build()) {
            encoder.encode(files.stream().map(file -> RawInputs.builder().text(file).build()).toList());
            assertEquals(new CacheStats(CacheRace.FILES, 0, 0), encoder.cacheStats());
        }
        assertEquals(List.of(), temporaries());
    }

    @Test
    void temporaryFilesAKilledWriterLeftAreRemovedOnceStale() throws IOException {
        encode(spec(1), new CacheStats(0, 3, 0));
        Path stale = Files.write(cache.resolve("tmp").resolve("stale.tmp"), new byte[] {1});
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path fresh = Files.write(cache.resolve("tmp").resolve("fresh.tmp"), new byte[] {1});

        encode(spec(1), new CacheStats(3, 0, 0));

        assertEquals(List.of(fresh), temporaries());
    }

    /** The entry files, in name order. */
    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.getParent().endsWith("tmp")).sorted().toList();
        }
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("tmp"))) {
            return files.toList();
        }
    }
}
