package dev.fusion4j.internal.tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * A parameter an operator declares: its name (unique within the operator), shape and initializer.
 * The backend materialises it: as a trainable DJL {@code Parameter}, or from saved arrays.
 *
 * @param name letters, digits, '_', '-' and '.'
 * @param shape every size ≥ 1
 * @param initializer makes the initial values
 * @param trainable false for statistics fitted from data, which optimisers leave alone
 */
public record ParameterSpec(String name, List<Long> shape, Initializer initializer, boolean trainable) {
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(initializer, "initializer");
        if (!VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid parameter name '" + name + "': use letters, digits, '_', '-' and '.'");
        }
        shape = List.copyOf(shape);
        if (shape.isEmpty() || shape.stream().anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("parameter '" + name + "' needs a shape of sizes ≥ 1, got " + shape);
        }
        if (Axes.elementCount(shapeArray(shape)) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("parameter '" + name + "' of shape " + shape + " is too large");
        }
    }

    /** Shorthand: {@code ParameterSpec.of("weight", Initializer.xavierUniform(), 16, 8)}. */
    public static ParameterSpec of(String name, Initializer initializer, long... shape) {
        return new ParameterSpec(name, java.util.Arrays.stream(shape).boxed().toList(), initializer, true);
    }

    /** A parameter fixed to {@code values} (row-major) that training never changes. */
    public static ParameterSpec frozen(String name, float[] values, long... shape) {
        return new ParameterSpec(name, java.util.Arrays.stream(shape).boxed().toList(),
                Initializer.fixed(values), false);
    }

    /**
     * The specs by name, in their order.
     *
     * @throws IllegalArgumentException if two share a name
     */
    public static Map<String, ParameterSpec> byName(List<ParameterSpec> specs) {
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            if (byName.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("parameter '" + spec.name() + "' is declared twice");
            }
        }
        return byName;
    }

    /** This spec under {@code prefix + "." + name}. */
    public ParameterSpec prefixed(String prefix) {
        return new ParameterSpec(prefix + "." + name, shape, initializer, trainable);
    }

    /** The shape as a new array. */
    public long[] shapeArray() {
        return shapeArray(shape);
    }

    /**
     * The initial values for a model seeded with {@code seed}: the same on every backend, and
     * independent of the order in which parameters are initialised.
     */
    public float[] initialValues(long seed) {
        long mixed = seed * 0x9E3779B97F4A7C15L + name.hashCode();
        return initializer.values(shapeArray(), new SplittableRandom(mixed));
    }

    /** The number of values. */
    public int elementCount() {
        return (int) Axes.elementCount(shapeArray());
    }

    private static long[] shapeArray(List<Long> shape) {
        return shape.stream().mapToLong(Long::longValue).toArray();
    }
}
