package dev.fusion4j.dataset;

import dev.fusion4j.FusionException;
import dev.fusion4j.data.EncoderSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The cache keys of one encoder's inputs: the SHA-256 of its spec (type and settings, which hold
 * the SHA-256 of trained weights and model files) and of the input's content, a file's bytes, a
 * {@code byte[]} or a text. Other in-memory values have no key.
 */
final class ContentKeys {
    private static final String VERSION = "fusion4j-embedding-cache-1";
    private final byte[] spec;

    ContentKeys(EncoderSpec spec) {
        MessageDigest digest = sha256();
        update(digest, VERSION);
        update(digest, spec.type());
        spec.settings().forEach((name, value) -> {
            update(digest, name);
            update(digest, value);
        });
        this.spec = digest.digest();
    }

    /**
     * The key of {@code input}, 64 hexadecimal digits; empty for an input without content to hash,
     * or a file that cannot be read (its reading then reports why).
     */
    Optional<String> of(Object input) {
        if (input instanceof Path file) {
            try {
                return Optional.of(key("file", HexFormat.of().parseHex(EncoderSpec.sha256(file))));
            } catch (FusionException e) {
                return Optional.empty();
            }
        }
        if (input instanceof byte[] content) {
            return Optional.of(key("file", sha256().digest(content)));
        }
        if (input instanceof String text) {
            return Optional.of(key("text", sha256().digest(text.getBytes(StandardCharsets.UTF_8))));
        }
        return Optional.empty();
    }

    private String key(String kind, byte[] content) {
        MessageDigest digest = sha256();
        digest.update(spec);
        update(digest, kind);
        digest.update(content);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A string followed by a zero byte, so that no two sequences of strings hash alike. */
    private static void update(MessageDigest digest, String value) {
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
