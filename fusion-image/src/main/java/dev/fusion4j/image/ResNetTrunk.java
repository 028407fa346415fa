package dev.fusion4j.image;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.fusion4j.data.Features;
import dev.fusion4j.model.Trunk;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A built-in {@link ResNet} trained inside a {@code FusionModel}, from scratch or fine-tuned from
 * a trained body: images in, globally pooled features {@code [C]} out, batch norm and all.
 *
 * <pre>{@code
 * ResNetTrunk trunk = ResNetTrunk.of(ResNet.Depth.RESNET18, 0.25, 64).startingFrom(pretrainedFeatures);
 * ImagePreprocessor pixels = ImagePreprocessor.of(72, 64, mean, std);
 * FusionSpec spec = FusionSpec.builder()
 *         .modality(Modality.TEXT, textEncoder)
 *         .modality(Modality.IMAGE, trunk)
 *         ...
 * sample.put(Modality.IMAGE, trunk.input(pixels.apply(image)));
 * }</pre>
 *
 * <p>Samples carry the preprocessed pixels ({@code 3 × size × size} values, channel-major) as the
 * modality's features. Immutable.
 */
public final class ResNetTrunk implements Trunk {
    /** The {@link #type()} of every ResNet trunk. */
    public static final String TYPE = "resnet";

    private final ResNet.Depth depth;
    private final double widthMultiplier;
    private final int imageSize;
    private final Map<String, float[]> initialWeights;

    private ResNetTrunk(ResNet.Depth depth, double widthMultiplier, int imageSize, Map<String, float[]> initialWeights) {
        this.depth = Objects.requireNonNull(depth, "depth");
        if (!(widthMultiplier > 0 && widthMultiplier <= 8)) {
            throw new IllegalArgumentException("width multiplier must be in (0, 8], got " + widthMultiplier);
        }
        if (imageSize < 32 || imageSize > 1024) {
            throw new IllegalArgumentException("image size must be 32 to 1024 pixels (the body downsamples 32×), got "
                    + imageSize);
        }
        this.widthMultiplier = widthMultiplier;
        this.imageSize = imageSize;
        this.initialWeights = Collections.unmodifiableMap(initialWeights);
    }

    /**
     * A trunk that starts from the body's seeded initialisation (training from scratch).
     *
     * @param imageSize the side of the square, preprocessed images
     * @throws IllegalArgumentException if the width multiplier or image size is out of range
     */
    public static ResNetTrunk of(ResNet.Depth depth, double widthMultiplier, int imageSize) {
        return new ResNetTrunk(depth, widthMultiplier, imageSize, Map.of());
    }

    /**
     * This trunk starting from the weights and batch-norm statistics of a trained
     * {@link ResNet#features} body of the same depth and width (fine-tuning); the values are copied.
     *
     * @throws IllegalArgumentException if {@code trainedFeatures} is not an initialised body of this layout
     */
    public ResNetTrunk startingFrom(Block trainedFeatures) {
        List<float[]> values = List.copyOf(ResNet.trainedValues(depth, widthMultiplier, trainedFeatures).values());
        Map<String, float[]> weights = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Block block = newBlock();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, inputWidth()));
            PairList<String, Parameter> own = block.getParameters();
            for (int i = 0; i < own.size(); i++) {
                weights.put(own.keyAt(i), values.get(i));
            }
        }
        return new ResNetTrunk(depth, widthMultiplier, imageSize, weights);
    }

    /** A sample's features for one image preprocessed to {@code 3 × size × size} values. */
    public Features input(float[] pixels) {
        if (pixels.length != inputWidth()) {
            throw new IllegalArgumentException("a " + imageSize + "×" + imageSize + " RGB image has " + inputWidth()
                    + " values, got " + pixels.length + " (check the preprocessor's crop size)");
        }
        return Features.vector(pixels);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Map<String, String> settings() {
        return Map.of("depth", depth.name(), "widthMultiplier", Double.toString(widthMultiplier),
                "imageSize", Integer.toString(imageSize));
    }

    @Override
    public int inputWidth() {
        return 3 * imageSize * imageSize;
    }

    @Override
    public int outputWidth() {
        return ResNet.featureChannels(depth, widthMultiplier);
    }

    @Override
    public Block newBlock() {
        return new SequentialBlock()
                .addSingleton(pixels -> pixels.reshape(-1, 3, imageSize, imageSize))
                .add(ResNet.features(depth, widthMultiplier))
                .add(Pool.globalAvgPool2dBlock());
    }

    @Override
    public Map<String, float[]> initialWeights() {
        return initialWeights;
    }

    /** Recreates ResNet trunks when a saved model is loaded. */
    public static final class Factory implements dev.fusion4j.model.TrunkFactory {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Trunk create(Map<String, String> settings) {
            try {
                return of(ResNet.Depth.valueOf(settings.get("depth")),
                        Double.parseDouble(settings.get("widthMultiplier")),
                        Integer.parseInt(settings.get("imageSize")));
            } catch (NullPointerException | IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid ResNet trunk settings " + settings + ": " + e.getMessage(), e);
            }
        }
    }
}
