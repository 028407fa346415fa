package dev.fusion4j.image;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ResNet-18, -34 and -50 built from DJL blocks in torchvision's layout: a 7×7 stride-2 stem with
 * max pooling, four stages of basic (18, 34) or bottleneck (50) residual blocks with widths 64,
 * 128, 256, 512 (× 4 for bottlenecks) times a width multiplier, stride 2 at the first block of
 * stages 2–4 (on the 3×3 convolution), 1×1 projection shortcuts where the shape changes, batch
 * norm after every convolution and no convolution biases. {@link #features} ends at the last
 * feature map {@code [B, C, H/32, W/32]}; {@link #classifier} adds global average pooling and a
 * linear layer.
 */
public final class ResNet {
    /** The supported depths. */
    public enum Depth {
        RESNET18(new int[] {2, 2, 2, 2}, false),
        RESNET34(new int[] {3, 4, 6, 3}, false),
        RESNET50(new int[] {3, 4, 6, 3}, true);

        private final int[] blocks;
        private final boolean bottleneck;

        Depth(int[] blocks, boolean bottleneck) {
            this.blocks = blocks;
            this.bottleneck = bottleneck;
        }
    }

    private ResNet() {
    }

    /** Channels of the last feature map. */
    public static int featureChannels(Depth depth, double widthMultiplier) {
        return width(512, widthMultiplier) * (depth.bottleneck ? 4 : 1);
    }

    /** The convolutional body: images {@code [B, 3, H, W]} → feature maps. */
    public static SequentialBlock features(Depth depth, double widthMultiplier) {
        if (!(widthMultiplier > 0)) {
            throw new IllegalArgumentException("width multiplier must be > 0, got " + widthMultiplier);
        }
        SequentialBlock net = new SequentialBlock()
                .add(conv(width(64, widthMultiplier), 7, 2, 3))
                .add(batchNorm())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int in = width(64, widthMultiplier);
        int[] stageWidths = {64, 128, 256, 512};
        for (int stage = 0; stage < 4; stage++) {
            int planes = width(stageWidths[stage], widthMultiplier);
            for (int b = 0; b < depth.blocks[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                int out = depth.bottleneck ? 4 * planes : planes;
                net.add(residual(depth.bottleneck ? bottleneck(planes, stride) : basic(planes, stride),
                        in != out || stride != 1 ? shortcut(out, stride) : Blocks.identityBlock()));
                in = out;
            }
        }
        return net;
    }

    /**
     * The parameter values (weights and batch-norm statistics) of a trained {@link #features} body
     * of this layout, in the order of its parameters, named as in a new body.
     *
     * @throws IllegalArgumentException if {@code trained} is not an initialised body of this layout
     */
    static Map<String, float[]> trainedValues(Depth depth, double widthMultiplier, Block trained) {
        PairList<String, Parameter> values = trained.getParameters();
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Block body = features(depth, widthMultiplier);
            body.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            PairList<String, Parameter> own = body.getParameters();
            if (own.size() != values.size()) {
                throw new IllegalArgumentException("the block has " + values.size() + " parameters; a " + depth
                        + " body of width " + widthMultiplier + " has " + own.size());
            }
            for (int i = 0; i < own.size(); i++) {
                Parameter source = values.valueAt(i);
                Shape shape = own.valueAt(i).getArray().getShape();
                if (!source.isInitialized() || !source.getArray().getShape().equals(shape)) {
                    throw new IllegalArgumentException("parameter '" + values.keyAt(i) + "' of the block is "
                            + (source.isInitialized() ? "of shape " + source.getArray().getShape() : "not initialised")
                            + "; a " + depth + " body of width " + widthMultiplier + " needs " + shape);
                }
                out.put(own.keyAt(i), source.getArray().toFloatArray());
            }
        }
        return out;
    }

    /** The body plus global average pooling and a linear layer of {@code classes} outputs. */
    public static SequentialBlock classifier(Depth depth, double widthMultiplier, int classes) {
        return new SequentialBlock()
                .add(features(depth, widthMultiplier))
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    private static int width(int base, double multiplier) {
        return Math.max(1, (int) Math.round(base * multiplier));
    }

    private static Block residual(Block main, Block shortcut) {
        return new SequentialBlock().add(new Residual(main, shortcut)).add(Activation.reluBlock());
    }

    /** The sum of a residual block's main branch and its shortcut. */
    static final class Residual extends ParallelBlock {
        Residual(Block main, Block shortcut) {
            super(outputs -> new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow())),
                    List.of(main, shortcut));
        }
    }

    private static Block basic(int planes, int stride) {
        return new SequentialBlock()
                .add(conv(planes, 3, stride, 1)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(planes, 3, 1, 1)).add(batchNorm());
    }

    private static Block bottleneck(int planes, int stride) {
        return new SequentialBlock()
                .add(conv(planes, 1, 1, 0)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(planes, 3, stride, 1)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(4 * planes, 1, 1, 0)).add(batchNorm());
    }

    private static Block shortcut(int out, int stride) {
        return new SequentialBlock().add(conv(out, 1, stride, 0)).add(batchNorm());
    }

    private static Block conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .setFilters(filters)
                .optBias(false)
                .build();
    }

    private static Block batchNorm() {
        // DJL's momentum weighs the running value: 0.9 here is PyTorch's momentum 0.1
        return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    }
}
