package dev.fusion4j.dataset;

/**
 * What a {@link DatasetEncoder}'s embedding cache did since the encoder was built: inputs whose
 * features it returned, inputs it encoded and stored, and of those the ones whose entry was torn or
 * corrupt. Inputs without a content key (an in-memory value such as a {@code BufferedImage}) are
 * encoded without the cache and counted in neither. All zero without a cache.
 *
 * @param hits inputs whose features came from the cache, not encoded
 * @param misses inputs encoded and stored, corrupt entries included
 * @param corrupt entries that failed their check, re-encoded and replaced
 */
public record CacheStats(long hits, long misses, long corrupt) {
}
