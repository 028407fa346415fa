package dev.fusion4j.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.tensor.djl.DjlModuleBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole model as one DJL block: each modality's {@link Trunk} (if it has one) turns its raw
 * inputs {@code [B, T, in]} into features {@code [B, T, out]}, then the {@link ModelModule} fuses
 * them. Its inputs are {@link dev.fusion4j.fusion.FusionInputs#flatten()}'s list over the model's
 * input schema; trunks and fusion train together.
 */
final class ModelBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final List<Modality> modalities;
    private final Map<Modality, Block> trunks = new LinkedHashMap<>();
    private final Map<Modality, Integer> trunkWidths = new LinkedHashMap<>();
    private final DjlModuleBlock fusion;

    /**
     * @param values every parameter's starting values by model name (the module's and the trunks')
     */
    ModelBlock(FusionSpec spec, ModelModule module, Map<String, float[]> values) {
        super(VERSION);
        this.modalities = spec.schema().modalities();
        spec.trunks().forEach((modality, trunk) -> {
            Block block = addChildBlock("trunk_" + modality.name(), trunk.newBlock());
            TrunkParameters.assign(block, modality, values);
            trunks.put(modality, block);
            trunkWidths.put(modality, trunk.outputWidth());
        });
        this.fusion = addChildBlock("fusion", new DjlModuleBlock(module, values, spec.seed()));
    }

    /**
     * A copy of every parameter's current values by model name.
     *
     * @throws IllegalStateException if the block has not been initialised
     */
    Map<String, float[]> parameterValues() {
        Map<String, float[]> values = new LinkedHashMap<>(fusion.parameterValues());
        trunks.forEach((modality, block) -> TrunkParameters.collect(block, modality, values));
        return Collections.unmodifiableMap(values);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList features = new NDList(inputs.size());
        for (int m = 0; m < modalities.size(); m++) {
            NDArray raw = inputs.get(3 * m);
            Block trunk = trunks.get(modalities.get(m));
            if (trunk == null) {
                features.add(raw);
            } else {
                Shape shape = raw.getShape();
                NDArray steps = raw.reshape(shape.get(0) * shape.get(1), shape.get(2));
                NDArray out = trunk.forward(store, new NDList(steps), training).singletonOrThrow();
                features.add(out.reshape(shape.get(0), shape.get(1), out.getShape().get(1)));
            }
            features.add(inputs.get(3 * m + 1));
            features.add(inputs.get(3 * m + 2));
        }
        return fusion.forward(store, features, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return fusion.getOutputShapes(fusedShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int m = 0; m < modalities.size(); m++) {
            Block trunk = trunks.get(modalities.get(m));
            if (trunk != null) {
                Shape shape = inputShapes[3 * m];
                trunk.initialize(manager, dataType, new Shape(shape.get(0) * shape.get(1), shape.get(2)));
            }
        }
        fusion.initialize(manager, dataType, fusedShapes(inputShapes));
    }

    /** The input shapes with each trunk's raw width replaced by its output width. */
    private Shape[] fusedShapes(Shape[] inputShapes) {
        List<Shape> shapes = new ArrayList<>(List.of(inputShapes));
        for (int m = 0; m < modalities.size(); m++) {
            Integer width = trunkWidths.get(modalities.get(m));
            if (width != null) {
                Shape shape = inputShapes[3 * m];
                shapes.set(3 * m, new Shape(shape.get(0), shape.get(1), width));
            }
        }
        return shapes.toArray(new Shape[0]);
    }
}
