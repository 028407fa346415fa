package dev.fusion4j.dataset;

import dev.fusion4j.FusionException;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Features on disk by {@link ContentKeys key}: one file per entry, {@code <dir>/ab/abcd…}, written
 * to {@code <dir>/tmp} and moved into place atomically, so threads and processes sharing the
 * directory see a whole entry or none. Entries are not synced to disk: one a crash tore fails its
 * {@link CacheEntry check} and is re-encoded. Temporary files a killed process left are removed
 * when a cache opens the directory an hour later.
 */
final class EmbeddingCache {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetEncoder.class);
    private static final Duration STALE = Duration.ofHours(1);

    private final Path directory;
    private final Path temporary;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicBoolean warnedOfWrites = new AtomicBoolean();

    private EmbeddingCache(Path directory) {
        this.directory = directory;
        this.temporary = directory.resolve("tmp");
    }

    /**
     * The cache in {@code directory}, made if missing.
     *
     * @throws FusionException if the directory cannot be made
     */
    static EmbeddingCache open(Path directory) {
        EmbeddingCache cache = new EmbeddingCache(directory);
        try {
            Files.createDirectories(cache.temporary);
        } catch (IOException e) {
            throw new FusionException("cannot make the embedding cache directory " + directory + ": " + e, e);
        }
        cache.removeStaleTemporaries();
        return cache;
    }

    CacheStats stats() {
        return new CacheStats(hits.get(), misses.get(), corrupt.get());
    }

    /**
     * The features of {@code inputs}, in order: from the cache where it holds them, otherwise
     * encoded by {@code slot} in one batch and stored. Inputs without a key are encoded, not stored.
     */
    List<Features> encodeAll(ModalityEncoder<?> slot, List<Object> inputs, List<String> descriptions) {
        Optional<EncoderSpec> spec = slot.encoder().spec();
        if (spec.isEmpty()) {
            return slot.encodeAll(inputs, descriptions);
        }
        ContentKeys keys = new ContentKeys(spec.get());
        List<Features> out = new ArrayList<>(inputs.size());
        List<Integer> missing = new ArrayList<>();
        List<Optional<String>> missingKeys = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Optional<String> key = keys.of(inputs.get(i));
            Optional<Features> cached = key.flatMap(this::get);
            out.add(cached.orElse(null));
            if (cached.isEmpty()) {
                missing.add(i);
                missingKeys.add(key);
            }
        }
        if (missing.isEmpty()) {
            return out;
        }
        List<Features> encoded = slot.encodeAll(missing.stream().map(inputs::get).toList(),
                missing.stream().map(descriptions::get).toList());
        for (int k = 0; k < missing.size(); k++) {
            out.set(missing.get(k), encoded.get(k));
            int position = k;
            missingKeys.get(k).ifPresent(key -> put(key, encoded.get(position)));
        }
        return out;
    }

    private Optional<Features> get(String key) {
        Path file = entry(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            misses.incrementAndGet();
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read the embedding cache entry {}, encoding its input again: {}", file, e.toString());
            misses.incrementAndGet();
            return Optional.empty();
        }
        try {
            Features features = CacheEntry.read(key, bytes);
            hits.incrementAndGet();
            return Optional.of(features);
        } catch (CacheEntry.CorruptEntryException e) {
            LOG.warn("the embedding cache entry {} is torn or corrupt ({}); encoding its input again", file,
                    e.getMessage());
            corrupt.incrementAndGet();
            misses.incrementAndGet();
            return Optional.empty();
        }
    }

    private void put(String key, Features features) {
        Path written = temporary.resolve(key + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(written, CacheEntry.write(key, features), StandardOpenOption.CREATE_NEW);
            Path file = entry(key);
            Files.createDirectories(file.getParent());
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(written);
            if (warnedOfWrites.compareAndSet(false, true)) {
                LOG.warn("cannot store features in the embedding cache {} (further failures are not logged): {}",
                        directory, e.toString());
            }
        }
    }

    private Path entry(String key) {
        return directory.resolve(key.substring(0, 2)).resolve(key);
    }

    private void removeStaleTemporaries() {
        Instant before = Instant.now().minus(STALE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(temporary, "*.tmp")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    deleteQuietly(file);
                }
            }
        } catch (IOException e) {
            // best effort: a leftover is never read
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is never read, and removed when stale
        }
    }
}
