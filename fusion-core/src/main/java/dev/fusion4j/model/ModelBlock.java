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
import dev.fusion4j.internal.fusion.FusionInputs;
import dev.fusion4j.internal.fusion.ModalitySchema;
import dev.fusion4j.internal.fusion.ModalityTensors;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorLayout;
import dev.fusion4j.internal.tensor.djl.DjlBackend;
import dev.fusion4j.internal.tensor.djl.DjlParameters;
import dev.fusion4j.internal.tensor.djl.DjlTensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole model as one DJL block, for training and DJL inference. Its {@link NDList} is
 * {@link #inputs}: a batch's {@link FusionInputs} over the model's input schema, packed by
 * {@link FusionInputs#layout}. Each modality's {@link Trunk} (if it has one) turns its raw values
 * {@code [B, T, in]} into features {@code [B, T, out]}, then the {@link ModelModule} runs on the
 * features; its parameters are this block's, the trunks are its children, and all train together.
 */
final class ModelBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final ModalitySchema inputSchema;
    private final ModalitySchema schema;
    private final TensorLayout<FusionInputs> layout;
    private final ModelModule module;
    private final DjlParameters parameters;
    private final Map<Modality, Block> trunks = new LinkedHashMap<>();

    /**
     * @param values every parameter's starting values by model name (the module's and the trunks')
     */
    ModelBlock(FusionSpec spec, ModelModule module, Map<String, float[]> values) {
        super(VERSION);
        this.inputSchema = spec.inputSchema();
        this.schema = spec.schema();
        this.layout = FusionInputs.layout(inputSchema);
        this.module = module;
        this.parameters = new DjlParameters(module.parameters(), DjlParameters.given(values), spec.seed(),
                this::addParameter);
        spec.trunks().forEach((modality, trunk) -> {
            Block block = addChildBlock("trunk_" + modality.name(), trunk.newBlock());
            TrunkParameters.assign(block, modality, values);
            trunks.put(modality, block);
        });
    }

    /** The shapes of {@link #inputs} for one sample of one step, to initialise this block with. */
    Shape[] inputShapes() {
        return FusionInputs.packedShapes(inputSchema, 1).stream().map(Shape::new).toArray(Shape[]::new);
    }

    /**
     * This block's inputs for {@code batch}, on {@code backend}.
     *
     * @throws dev.fusion4j.data.InvalidSampleException if a sample has none of the model's modalities
     */
    NDList inputs(MultimodalBatch batch, DjlBackend backend) {
        return DjlParameters.unwrap(layout.pack(FusionInputs.of(batch, inputSchema, backend)));
    }

    /**
     * A copy of every parameter's current values by model name.
     *
     * @throws IllegalStateException if the block has not been initialised
     */
    Map<String, float[]> parameterValues() {
        Map<String, float[]> values = new LinkedHashMap<>(parameters.values());
        trunks.forEach((modality, block) -> TrunkParameters.collect(block, modality, values));
        return Collections.unmodifiableMap(values);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        DjlBackend backend = DjlBackend.wrap(inputs.head().getManager());
        FusionInputs raw = layout.unpack(DjlParameters.wrap(backend, inputs));
        Map<Modality, ModalityTensors> features = new LinkedHashMap<>();
        for (Modality modality : schema.modalities()) {
            ModalityTensors tensors = raw.get(modality);
            Block trunk = trunks.get(modality);
            features.put(modality, trunk == null ? tensors
                    : tensors.withValues(backend.wrap(runTrunk(trunk, store, tensors.values(), training))));
        }
        Tensor output = module.forward(parameters.context(store, backend, training), FusionInputs.of(schema, features));
        return DjlParameters.unwrap(List.of(output));
    }

    /** {@code trunk} on every step of {@code values [B, T, in]}: {@code [B, T, out]}. */
    private static NDArray runTrunk(Block trunk, ParameterStore store, Tensor values, boolean training) {
        NDArray raw = ((DjlTensor) values).ndArray();
        Shape shape = raw.getShape();
        NDArray steps = raw.reshape(shape.get(0) * shape.get(1), shape.get(2));
        NDArray out = trunk.forward(store, new NDList(steps), training).singletonOrThrow();
        return out.reshape(shape.get(0), shape.get(1), out.getShape().get(1));
    }

    /** Runs the module once on zeros (no trunk: it sees the trunks' features) to find the output shape. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long size = inputShapes[0].get(0);
        return new Shape[] {parameters.outputShape(module, backend -> FusionInputs.layout(schema).unpack(
                FusionInputs.packedShapes(schema, size).stream().map(backend::zeros).toList()))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Modality modality : trunks.keySet()) {
            trunks.get(modality).initialize(manager, dataType, new Shape(1, inputSchema.width(modality)));
        }
    }
}
