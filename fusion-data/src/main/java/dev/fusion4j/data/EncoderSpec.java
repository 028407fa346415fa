package dev.fusion4j.data;

import dev.fusion4j.FusionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What rebuilds an encoder exactly: the {@link EncoderFactory#type() type} of the factory that
 * makes it, the settings that decide its output (a model file's checksum, a pooling, every MFCC
 * parameter) as strings, and the trained weights of an encoder that has them. A saved pipeline
 * keeps the type and settings as JSON and the weights in a safetensors file; the weights take part
 * in comparisons through their SHA-256, the setting {@value #WEIGHTS_SHA256}, so two specs are
 * equal when their types and settings are. Immutable.
 *
 * <pre>{@code
 * EncoderSpec spec = EncoderSpec.of("mfcc", Map.of("nMfcc", "13", "deltas", "2"));
 * EncoderSpec trained = EncoderSpec.of("resnet-image", settings, weightsByName);   // adds weightsSha256
 * }</pre>
 */
public final class EncoderSpec {
    /** The setting that holds the SHA-256 of the weights ({@link #sha256(Map)}). */
    public static final String WEIGHTS_SHA256 = "weightsSha256";
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    private static final Pattern WEIGHT_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final String type;
    private final Map<String, String> settings;
    private final Map<String, float[]> weights;

    private EncoderSpec(String type, Map<String, String> settings, Map<String, float[]> weights) {
        this.type = type;
        this.settings = Collections.unmodifiableMap(settings);
        this.weights = Collections.unmodifiableMap(weights);
    }

    /**
     * A spec without weights (its settings may record their {@value #WEIGHTS_SHA256}, as a trained
     * model's record of its encoders does).
     *
     * @param type a lower-case letter followed by up to 63 letters, digits, '_', '-' or '.'
     * @throws IllegalArgumentException for another type name, an empty setting name, or a
     *     {@value #WEIGHTS_SHA256} that is not 64 lower-case hexadecimal digits
     */
    public static EncoderSpec of(String type, Map<String, String> settings) {
        return new EncoderSpec(validType(type), validSettings(settings), new TreeMap<>());
    }

    /**
     * A spec with trained weights by name; its settings gain their {@value #WEIGHTS_SHA256}.
     *
     * @param weights by name: letters, digits, '_', '-' and '.'
     * @throws IllegalArgumentException if there are no weights, a name is not of that form, a weight
     *     has no values or a non-finite one, or the settings already record another
     *     {@value #WEIGHTS_SHA256}
     */
    public static EncoderSpec of(String type, Map<String, String> settings, Map<String, float[]> weights) {
        Map<String, float[]> copy = new TreeMap<>();
        weights.forEach((name, values) -> copy.put(weightName(name), finite(name, values.clone())));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("the weights of the '" + type + "' encoder are empty");
        }
        Map<String, String> all = validSettings(settings);
        String sha = sha256(copy);
        String recorded = all.putIfAbsent(WEIGHTS_SHA256, sha);
        if (recorded != null && !recorded.equals(sha)) {
            throw new IllegalArgumentException("the weights of the '" + type + "' encoder have SHA-256 " + sha
                    + ", but its settings record " + recorded);
        }
        return new EncoderSpec(validType(type), all, copy);
    }

    /** The type of the {@link EncoderFactory} that rebuilds the encoder. */
    public String type() {
        return type;
    }

    /** The settings by name, in name order. */
    public Map<String, String> settings() {
        return settings;
    }

    /**
     * One setting, for factories.
     *
     * @throws IllegalArgumentException if there is no such setting
     */
    public String setting(String name) {
        String value = settings.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the '" + type + "' encoder spec has no setting '" + name + "'; it has "
                    + settings.keySet());
        }
        return value;
    }

    /**
     * An integer setting.
     *
     * @throws IllegalArgumentException if it is missing or not an {@code int}
     */
    public int integer(String name) {
        try {
            return Integer.parseInt(setting(name));
        } catch (NumberFormatException e) {
            throw notA("an integer", name, e);
        }
    }

    /**
     * A real-valued setting, as {@link Double#toString(double)} writes it.
     *
     * @throws IllegalArgumentException if it is missing or not a number
     */
    public double real(String name) {
        try {
            return Double.parseDouble(setting(name));
        } catch (NumberFormatException e) {
            throw notA("a number", name, e);
        }
    }

    /**
     * A setting that is {@code true} or {@code false}.
     *
     * @throws IllegalArgumentException if it is missing or another word
     */
    public boolean bool(String name) {
        String value = setting(name);
        if (!value.equals("true") && !value.equals("false")) {
            throw notA("true or false", name, null);
        }
        return Boolean.parseBoolean(value);
    }

    /**
     * A setting that names a constant of {@code type}.
     *
     * @throws IllegalArgumentException if it is missing or names none of them
     */
    public <E extends Enum<E>> E constant(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, setting(name));
        } catch (IllegalArgumentException e) {
            if (!settings.containsKey(name)) {
                throw e;
            }
            throw notA("one of " + Arrays.toString(type.getEnumConstants()), name, e);
        }
    }

    private IllegalArgumentException notA(String what, String name, Exception cause) {
        return new IllegalArgumentException("the setting '" + name + "' of the '" + type + "' encoder spec is '"
                + settings.get(name) + "', not " + what, cause);
    }

    /** Whether the encoder has trained weights: its settings record their {@value #WEIGHTS_SHA256}. */
    public boolean hasWeights() {
        return settings.containsKey(WEIGHTS_SHA256);
    }

    /** A copy of the weights by name; empty for a spec made without them. */
    public Map<String, float[]> weights() {
        Map<String, float[]> copy = new TreeMap<>();
        weights.forEach((name, values) -> copy.put(name, values.clone()));
        return copy;
    }

    /** This spec without its weights (their SHA-256 stays among the settings): what a model records. */
    public EncoderSpec withoutWeights() {
        return weights.isEmpty() ? this : new EncoderSpec(type, new TreeMap<>(settings), new TreeMap<>());
    }

    /**
     * The SHA-256 of weights: over the names in order, each as UTF-8 followed by a zero byte, its
     * value count (4 bytes) and its values (4 bytes each, IEEE 754), big-endian.
     */
    public static String sha256(Map<String, float[]> weights) {
        MessageDigest digest = digest();
        for (Map.Entry<String, float[]> entry : new TreeMap<>(weights).entrySet()) {
            digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            float[] values = entry.getValue();
            ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * Math.min(values.length, 1 << 16)).putInt(values.length);
            for (int i = 0; i < values.length; i++) {
                if (!buffer.hasRemaining()) {
                    digest.update(buffer.flip());
                    buffer.clear();
                }
                buffer.putFloat(values[i]);
            }
            digest.update(buffer.flip());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The SHA-256 of a file (a model file a spec names), read as a stream.
     *
     * @throws FusionException if the file cannot be read
     */
    public static String sha256(Path file) {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new FusionException("cannot read " + file + " to compute its SHA-256: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncoderSpec other && type.equals(other.type) && settings.equals(other.settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, settings);
    }

    /** {@code type{name=value, ...}}. */
    @Override
    public String toString() {
        return type + settings;
    }

    private static String validType(String type) {
        Objects.requireNonNull(type, "type");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("invalid encoder type '" + type
                    + "': use a lower-case letter followed by up to 63 letters, digits, '_', '-' or '.'");
        }
        return type;
    }

    private static Map<String, String> validSettings(Map<String, String> settings) {
        Map<String, String> copy = new TreeMap<>();
        settings.forEach((name, value) -> {
            if (Objects.requireNonNull(name, "setting name").isEmpty()) {
                throw new IllegalArgumentException("an encoder setting needs a name");
            }
            copy.put(name, Objects.requireNonNull(value, name));
        });
        String sha = copy.get(WEIGHTS_SHA256);
        if (sha != null && !SHA256.matcher(sha).matches()) {
            throw new IllegalArgumentException("the setting " + WEIGHTS_SHA256 + " is '" + sha
                    + "', not 64 lower-case hexadecimal digits");
        }
        return copy;
    }

    private static String weightName(String name) {
        if (!WEIGHT_NAME.matcher(Objects.requireNonNull(name, "weight name")).matches()) {
            throw new IllegalArgumentException("invalid weight name '" + name + "': use letters, digits, '_', '-' and '.'");
        }
        return name;
    }

    private static float[] finite(String name, float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("weight '" + name + "' has no values");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("weight '" + name + "' holds the non-finite value " + values[i]
                        + " at " + i);
            }
        }
        return values;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
