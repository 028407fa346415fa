package dev.fusion4j.internal.tensor;

import dev.fusion4j.internal.tensor.djl.DjlBackend;
import dev.fusion4j.internal.tensor.nd4j.Nd4jBackend;
import java.util.Random;

/** The two backends under test, made once per JVM, and random inputs. */
public final class Backends {
    public static final DjlBackend DJL = DjlBackend.cpu();
    public static final Nd4jBackend ND4J = Nd4jBackend.create();

    private Backends() {
    }

    public static TensorBackend named(String name) {
        return switch (name) {
            case "djl" -> DJL;
            case "nd4j" -> ND4J;
            default -> throw new IllegalArgumentException(name);
        };
    }

    public static float[] random(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
