package dev.fusion4j.model;

import dev.fusion4j.data.Modality;
import java.nio.file.Path;
import java.util.Map;

/**
 * A child process of {@link ConcurrentSaveTest}: {@code save <dir> <seed> <times>} saves the model
 * of that seed again and again; {@code load <dir> <times>} loads and checks that each load is
 * whole: exit status 0, or 1 with the reason on standard error.
 */
final class SaveLoadLoop {
    private SaveLoadLoop() {
    }

    /** A small model that is quick to build; seeds give different parameters. */
    static FusionModel model(long seed) {
        return FusionSpec.builder().modality(Modality.TEXT, 6).modality(Modality.AUDIO, 4)
                .fusion(Fusion.intermediate().width(8).concatMlp(16, 8))
                .head(Head.classification("a", "b", "c")).seed(seed).build().untrained();
    }

    /**
     * Loads {@code dir} and checks that its parameters are exactly those of the model of its seed.
     *
     * @return the seed of the loaded model
     * @throws AssertionError if the loaded model is a mix of two or differs from every saved one
     */
    static long loadWhole(Path dir) {
        FusionModel loaded = FusionModel.load(dir);
        FusionModel expected = model(loaded.spec().seed());
        Map<String, float[]> want = expected.parameters();
        Map<String, float[]> got = loaded.parameters();
        if (!want.keySet().equals(got.keySet())) {
            throw new AssertionError("parameters " + got.keySet() + ", expected " + want.keySet());
        }
        want.forEach((name, values) -> {
            if (!java.util.Arrays.equals(values, got.get(name))) {
                throw new AssertionError("parameter " + name + " is not that of seed " + loaded.spec().seed());
            }
        });
        return loaded.spec().seed();
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[1]);
        try {
            if (args[0].equals("save")) {
                long seed = Long.parseLong(args[2]);
                FusionModel model = model(seed);
                for (int i = 0, n = Integer.parseInt(args[3]); i < n; i++) {
                    model.save(dir);
                }
            } else {
                for (int i = 0, n = Integer.parseInt(args[2]); i < n; i++) {
                    loadWhole(dir);
                }
            }
        } catch (RuntimeException | AssertionError e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
