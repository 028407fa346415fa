package dev.fusion4j.model;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.util.Map;

/** The smallest trunk: one DJL linear layer; its factory is registered for the tests. */
record LinearTrunk(int inputWidth, int outputWidth, Map<String, float[]> initialWeights) implements Trunk {
    static final String TYPE = "test-linear";

    LinearTrunk(int inputWidth, int outputWidth) {
        this(inputWidth, outputWidth, Map.of());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("in", Integer.toString(inputWidth), "out", Integer.toString(outputWidth));
    }

    @Override
    public Block newBlock() {
        return Linear.builder().setUnits(outputWidth).build();
    }

    /** Recreates the trunk of a loaded model. */
    public static final class Factory implements TrunkFactory {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Trunk create(Map<String, String> settings) {
            return new LinearTrunk(Integer.parseInt(settings.get("in")), Integer.parseInt(settings.get("out")));
        }
    }
}
