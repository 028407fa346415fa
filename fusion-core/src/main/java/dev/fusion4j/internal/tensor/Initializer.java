package dev.fusion4j.internal.tensor;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Makes the initial values of a parameter. Values are drawn on the host from a seeded random
 * source, so a parameter starts with the same values on every backend and device.
 *
 * <p>Fans follow the convention of weights stored as {@code [in, out]} ({@code y = x W}): for a
 * shape {@code [..., in, out]} the fan-in is {@code in} and the fan-out {@code out}; a vector's
 * fans are its length.
 */
public interface Initializer {

    /** Values, row-major, for a parameter of {@code shape}. */
    float[] values(long[] shape, SplittableRandom random);

    static Initializer zeros() {
        return new Constant(0f);
    }

    static Initializer ones() {
        return new Constant(1f);
    }

    static Initializer constant(float value) {
        return new Constant(value);
    }

    /** Exactly these values, row-major (statistics fitted from data). */
    static Initializer fixed(float[] values) {
        return new Fixed(values);
    }

    /** Uniform on {@code [-bound, bound]}. */
    static Initializer uniform(float bound) {
        return new Uniform(bound);
    }

    /** Normal with mean 0 and standard deviation {@code std}. */
    static Initializer normal(float std) {
        return new Normal(std);
    }

    /** Glorot/Xavier uniform: {@code U[-a, a]}, {@code a = sqrt(6 / (fanIn + fanOut))}. */
    static Initializer xavierUniform() {
        return new XavierUniform();
    }

    /** Every value equal to {@code value}. */
    record Constant(float value) implements Initializer {
        @Override
        public float[] values(long[] shape, SplittableRandom random) {
            float[] out = new float[size(shape)];
            Arrays.fill(out, value);
            return out;
        }
    }

    /** Fixed values; the shape must hold exactly as many. Unboxed, so large weights stay compact. */
    final class Fixed implements Initializer {
        private final float[] values;

        private Fixed(float[] values) {
            this.values = values.clone();
        }

        @Override
        public float[] values(long[] shape, SplittableRandom random) {
            int size = size(shape);
            if (size != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size
                        + " values, got " + values.length);
            }
            return values.clone();
        }
    }

    /** Uniform on {@code [-bound, bound]}. */
    record Uniform(float bound) implements Initializer {
        public Uniform {
            if (!(bound > 0) || !Float.isFinite(bound)) {
                throw new IllegalArgumentException("uniform bound must be finite and > 0, got " + bound);
            }
        }

        @Override
        public float[] values(long[] shape, SplittableRandom random) {
            float[] out = new float[size(shape)];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) random.nextDouble(-bound, bound);
            }
            return out;
        }
    }

    /** Normal with mean 0 and standard deviation {@code std} (Box–Muller). */
    record Normal(float std) implements Initializer {
        public Normal {
            if (!(std > 0) || !Float.isFinite(std)) {
                throw new IllegalArgumentException("standard deviation must be finite and > 0, got " + std);
            }
        }

        @Override
        public float[] values(long[] shape, SplittableRandom random) {
            float[] out = new float[size(shape)];
            for (int i = 0; i < out.length; i++) {
                double u1 = 1.0 - random.nextDouble();
                double u2 = random.nextDouble();
                out[i] = (float) (std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
            }
            return out;
        }
    }

    /** Glorot/Xavier uniform. */
    record XavierUniform() implements Initializer {
        @Override
        public float[] values(long[] shape, SplittableRandom random) {
            long fanIn = shape.length >= 2 ? shape[shape.length - 2] : shape[0];
            long fanOut = shape[shape.length - 1];
            float bound = (float) Math.sqrt(6.0 / (fanIn + fanOut));
            return new Uniform(bound).values(shape, random);
        }
    }

    private static int size(long[] shape) {
        long count = Axes.elementCount(shape);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("parameter of " + count + " values is too large");
        }
        return (int) count;
    }
}
