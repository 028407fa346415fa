package dev.fusion4j.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * An inference copy of a trained {@link ResNet} body with every batch norm folded into the
 * convolution before it: {@code W' = W · γ/√(σ² + ε)} per output channel and
 * {@code b' = β − μ · γ/√(σ² + ε)}, which is what a batch norm in eval mode computes, in one
 * pass instead of two. The copy holds its own arrays (a snapshot: later training of the original
 * does not reach it) and cannot be trained.
 */
public final class BatchNormFolding {
    private static final float EPSILON = 1e-5f;

    private BatchNormFolding() {
    }

    /**
     * The folded copy of an initialised {@code features} block, its arrays in {@code manager},
     * ready for forward passes on images {@code [B, 3, size, size]}.
     */
    public static Block fold(Block features, NDManager manager, int size) {
        Block folded = copy(features, manager);
        folded.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
        return folded;
    }

    private static Block copy(Block block, NDManager manager) {
        if (block instanceof ResNet.Residual residual) {
            List<Block> branches = new ArrayList<>();
            residual.getChildren().values().forEach(branch -> branches.add(copy(branch, manager)));
            return new ResNet.Residual(branches.get(0), branches.get(1));
        }
        if (!(block instanceof SequentialBlock sequence)) {
            return block;   // stateless: activations, pooling, identity
        }
        List<Block> children = sequence.getChildren().values();
        SequentialBlock out = new SequentialBlock();
        for (int i = 0; i < children.size(); i++) {
            Block child = children.get(i);
            if (child instanceof Conv2d conv && i + 1 < children.size() && children.get(i + 1) instanceof BatchNorm norm) {
                out.add(new FoldedConvolution(conv, norm, manager));
                i++;
            } else {
                out.add(copy(child, manager));
            }
        }
        return out;
    }

    /** A convolution with the following batch norm folded into its weights and bias. */
    private static final class FoldedConvolution extends AbstractBlock {
        private final Conv2d original;
        private final NDArray weight;
        private final NDArray bias;

        FoldedConvolution(Conv2d conv, BatchNorm norm, NDManager manager) {
            this.original = conv;
            float[] w = values(conv, "weight");
            float[] gamma = values(norm, "gamma");
            float[] beta = values(norm, "beta");
            float[] mean = values(norm, "runningMean");
            float[] variance = values(norm, "runningVar");
            int channels = gamma.length;
            int perChannel = w.length / channels;
            float[] b = new float[channels];
            for (int c = 0; c < channels; c++) {
                float scale = (float) (gamma[c] / Math.sqrt(variance[c] + EPSILON));
                for (int k = c * perChannel; k < (c + 1) * perChannel; k++) {
                    w[k] *= scale;
                }
                b[c] = beta[c] - mean[c] * scale;
            }
            this.weight = manager.create(w, conv.getParameters().get("weight").getArray().getShape());
            this.bias = manager.create(b);
        }

        private static float[] values(Block block, String name) {
            Parameter parameter = block.getParameters().get(name);
            if (parameter == null || !parameter.isInitialized()) {
                throw new IllegalArgumentException("cannot fold an uninitialised ResNet (no '" + name + "')");
            }
            return parameter.getArray().toFloatArray();
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            return Conv2d.conv2d(x, weight.toDevice(x.getDevice(), false), bias.toDevice(x.getDevice(), false),
                    original.getStride(), original.getPadding(), original.getDilation(), original.getGroups());
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return original.getOutputShapes(inputShapes);
        }
    }
}
