package dev.fusion4j.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.djl.DjlArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A {@link Trunk}'s parameters inside a model: named {@code trunk.<modality>.<DJL name>}, saved
 * with the model's own (batch-norm statistics included), set into a trunk block before training
 * or inference.
 */
final class TrunkParameters {
    private TrunkParameters() {
    }

    private static final String PREFIX = "trunk.";

    static String prefix(Modality modality) {
        return PREFIX + modality.name() + ".";
    }

    /** Whether a model parameter of this name is a trunk's. */
    static boolean belongsToTrunk(String name) {
        return name.startsWith(PREFIX);
    }

    /**
     * The trunk's parameters with their starting values: its {@link Trunk#initialWeights()}, else
     * its block's initialisation seeded with {@code seed}. Trainable unless DJL keeps them out of
     * the optimiser (running statistics).
     *
     * @throws IllegalArgumentException if an initial weight has the wrong size
     */
    static List<ParameterSpec> specs(Modality modality, Trunk trunk, long seed) {
        Block block = trunk.newBlock();
        List<ParameterSpec> specs = new ArrayList<>();
        synchronized (TrunkParameters.class) {   // the engine's seed is global
            Engine.getEngine("PyTorch").setRandomSeed((int) seed);
            try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
                block.initialize(manager, DataType.FLOAT32, new Shape(1, trunk.inputWidth()));
                for (Pair<String, Parameter> pair : block.getParameters()) {
                    Parameter parameter = pair.getValue();
                    float[] given = trunk.initialWeights().get(pair.getKey());
                    float[] values = given != null ? given : parameter.getArray().toFloatArray();
                    long[] shape = parameter.getArray().getShape().getShape();
                    if (values.length != parameter.getArray().size()) {
                        throw new IllegalArgumentException("initial weight '" + pair.getKey() + "' of the " + trunk.type()
                                + " trunk has " + values.length + " values; its shape " + Arrays.toString(shape)
                                + " needs " + parameter.getArray().size());
                    }
                    specs.add(new ParameterSpec(prefix(modality) + pair.getKey(), Arrays.stream(shape).boxed().toList(),
                            Initializer.fixed(values), parameter.requiresGradient()));
                }
            }
        }
        return specs;
    }

    /** Makes {@code block}'s parameters start from {@code values} when it is initialised. */
    static void assign(Block block, Modality modality, Map<String, float[]> values) {
        for (Pair<String, Parameter> pair : block.getParameters()) {
            String name = prefix(modality) + pair.getKey();
            float[] value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no values for trunk parameter '" + name + "'");
            }
            pair.getValue().setInitializer(DjlArrays.fixedInitializer(value));
        }
    }

    /** The current values of {@code block}'s parameters under their model names. */
    static void collect(Block block, Modality modality, Map<String, float[]> into) {
        for (Pair<String, Parameter> pair : block.getParameters()) {
            into.put(prefix(modality) + pair.getKey(), pair.getValue().getArray().toFloatArray());
        }
    }
}
