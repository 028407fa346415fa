package dev.fusion4j.image;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.fusion4j.CloseGuard;
import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderFactory;
import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Image → ResNet feature map → pooled vector {@code [C]} (global average) or spatial tokens
 * {@code [h·w, C]} (the last feature map, row-major: token {@code i} is at row {@code i / w},
 * column {@code i % w}). Sources: the built-in ResNet-18/34/50 ({@link ResNet}: random weights from
 * a seed unless trained, by a {@link ResNetTrainer} or in DJL), run with batch norm folded into the
 * convolutions; a user's TorchScript feature extractor returning {@code [B, C, h, w]} (or
 * {@code [B, C]}, then a single token); or a DJL model-zoo URL ({@code file:} URLs work offline).
 * Images are preprocessed by an {@link ImagePreprocessor}. Its {@link #spec()} names the source
 * (the built-in layout and seed, a trained body's weights, a TorchScript file's path and SHA-256, a
 * URL), the preprocessing and the output; {@link Factory} rebuilds it.
 *
 * <p>To make a TorchScript extractor from torchvision:
 * <pre>
 * m = torchvision.models.resnet50(weights="IMAGENET1K_V2"); m.eval()
 * body = torch.nn.Sequential(*list(m.children())[:-2])          # drop avgpool and fc
 * torch.jit.trace(body, torch.rand(1, 3, 224, 224)).save("resnet50-features.pt")
 * </pre>
 * Thread-safe: share one encoder; {@link #close()} waits for the calls in flight, then frees the
 * model; calls after it throw {@link IllegalStateException}.
 */
public final class ResNetImageEncoder implements Encoder<BufferedImage>, AutoCloseable {
    /** What {@link #encode} returns. */
    public enum Output { POOLED, TOKENS }

    private final Model model;
    private final ImagePreprocessor preprocessor;
    private final Output output;
    private final int batchSize;
    private final int channels;
    private final EncoderSpec spec;
    private final CloseGuard guard = new CloseGuard("this encoder");

    private ResNetImageEncoder(Builder b) {
        this.preprocessor = b.preprocessor;
        this.output = b.output;
        this.batchSize = b.batchSize;
        this.model = b.trained != null ? trained(b)
                : b.url != null ? zoo(b.url, b.device)
                : b.torchScript == null ? builtIn(b) : torchScript(b.torchScript, b.device);
        try {
            this.spec = b.spec();
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        try (NDManager probe = model.getNDManager().newSubManager()) {
            this.channels = (int) forward(List.of(new float[3 * preprocessor.crop() * preprocessor.crop()]), probe)
                    .getShape().get(1);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private static Model builtIn(Builder b) {
        Block block = ResNet.features(b.depth, b.widthMultiplier);
        Engine.getEngine("PyTorch").setRandomSeed((int) b.seed);
        try (NDManager initial = NDManager.newBaseManager(b.device, "PyTorch")) {
            block.initialize(initial, DataType.FLOAT32, new Shape(1, 3, b.preprocessor.crop(), b.preprocessor.crop()));
            return folded(block, b);
        }
    }

    /** The built-in body of the builder's layout with its trained values. */
    private static Model trained(Builder b) {
        Block block = ResNet.features(b.depth, b.widthMultiplier);
        try (NDManager initial = NDManager.newBaseManager(b.device, "PyTorch")) {
            block.initialize(initial, DataType.FLOAT32, new Shape(1, 3, b.preprocessor.crop(), b.preprocessor.crop()));
            for (Pair<String, Parameter> parameter : block.getParameters()) {
                parameter.getValue().getArray().set(b.trained.get(parameter.getKey()));
            }
            return folded(block, b);
        }
    }

    /** A model running {@code features} with its batch norms folded into the convolutions. */
    private static Model folded(Block features, Builder b) {
        Model model = Model.newInstance("resnet", b.device, "PyTorch");
        model.setBlock(BatchNormFolding.fold(features, model.getNDManager(), b.preprocessor.crop()));
        return model;
    }

    private static Model zoo(String url, Device device) {
        try {
            return Criteria.builder().setTypes(NDList.class, NDList.class)
                    .optModelUrls(url).optEngine("PyTorch").optDevice(device).build().loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new ImageFormatException("cannot load the image model " + url + " (model-zoo URLs need a network "
                    + "unless DJL has it cached): " + e.getMessage(), e);
        }
    }

    private static Model torchScript(Path file, Device device) {
        if (!Files.isRegularFile(file)) {
            throw new ImageFormatException("no TorchScript model at " + file);
        }
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(file).optEngine("PyTorch").optDevice(device).build();
        try {
            return criteria.loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new ImageFormatException("cannot load the TorchScript model " + file + ": " + e.getMessage(), e);
        }
    }

    /** What rebuilds this encoder through {@link Factory}: its source, preprocessing and output. */
    @Override
    public Optional<EncoderSpec> spec() {
        return Optional.of(spec);
    }

    /** Channels C of the feature map (the pooled vector's width). */
    @Override
    public int dim() {
        return channels;
    }

    @Override
    public Features encode(BufferedImage image) {
        return encodeAll(List.of(image)).get(0);
    }

    /** Decodes ({@link ImageDecoder}) and encodes image bytes. */
    public Features encode(byte[] imageBytes) {
        return encode(ImageDecoder.decode(imageBytes));
    }

    @Override
    public List<Features> encodeAll(List<BufferedImage> images) {
        return guard.call(() -> encodeInBatches(images));
    }

    private List<Features> encodeInBatches(List<BufferedImage> images) {
        List<Features> out = new ArrayList<>(images.size());
        for (int start = 0; start < images.size(); start += batchSize) {
            List<float[]> batch = new ArrayList<>();
            for (BufferedImage image : images.subList(start, Math.min(images.size(), start + batchSize))) {
                batch.add(preprocessor.apply(ImageDecoder.toRgb(Objects.requireNonNull(image, "image"))));
            }
            out.addAll(encodeBatch(batch));
        }
        return out;
    }

    private List<Features> encodeBatch(List<float[]> batch) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray map = forward(batch, scope);
            long[] shape = map.getShape().getShape();
            int c = (int) shape[1];
            int cells = shape.length == 4 ? (int) (shape[2] * shape[3]) : 1;
            float[] values = map.toFloatArray();
            List<Features> out = new ArrayList<>();
            for (int b = 0; b < batch.size(); b++) {
                float[][] tokens = new float[cells][c];
                float[] pooled = new float[c];
                for (int ch = 0; ch < c; ch++) {
                    for (int cell = 0; cell < cells; cell++) {
                        float v = values[(b * c + ch) * cells + cell];
                        tokens[cell][ch] = v;
                        pooled[ch] += v / cells;
                    }
                }
                out.add(output == Output.POOLED ? Features.vector(pooled) : Features.sequence(tokens));
            }
            return out;
        }
    }

    private NDArray forward(List<float[]> batch, NDManager scope) {
        int size = preprocessor.crop();
        float[] input = new float[batch.size() * 3 * size * size];
        for (int b = 0; b < batch.size(); b++) {
            System.arraycopy(batch.get(b), 0, input, b * 3 * size * size, 3 * size * size);
        }
        NDArray x = scope.create(input, new Shape(batch.size(), 3, size, size));
        return model.getBlock().forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
    }

    /** Waits for the calls in flight, then frees the model; closing twice is harmless. */
    @Override
    public void close() {
        guard.close(model::close);
    }

    /**
     * Rebuilds ResNet image encoders from their specs (type {@value #TYPE}), on the CPU, and reads
     * images with {@link ImageDecoder}.
     */
    public static final class Factory implements EncoderFactory<BufferedImage> {
        /** The {@link EncoderSpec#type()} of ResNet image encoders. */
        public static final String TYPE = "resnet-image";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Class<BufferedImage> inputType() {
            return BufferedImage.class;
        }

        /**
         * @throws IllegalArgumentException if a setting is missing or invalid, or the weights do not fit
         * @throws ImageFormatException if a TorchScript model cannot be loaded
         */
        @Override
        public ResNetImageEncoder create(EncoderSpec spec) {
            return builder().fromSpec(spec).build();
        }

        /** {@link ImageDecoder#decode(byte[])}. */
        @Override
        public BufferedImage read(byte[] content) {
            return ImageDecoder.decode(content);
        }

        /** {@link ImageDecoder#decode(Path)}. */
        @Override
        public BufferedImage read(Path file) {
            return ImageDecoder.decode(file);
        }
    }

    /**
     * Settings; default: the built-in ResNet-18 with random weights (seed 42: features of no use until
     * trained, see {@link ResNetTrainer}), ImageNet preprocessing, pooled output, CPU.
     */
    public static final class Builder {
        private ResNet.Depth depth = ResNet.Depth.RESNET18;
        private double widthMultiplier = 1;
        private long seed = 42;
        private Path torchScript;
        /** A trained body's values by parameter name, or null. */
        private Map<String, float[]> trained;
        private String url;
        private ImagePreprocessor preprocessor = ImagePreprocessor.imageNet();
        private Output output = Output.POOLED;
        private int batchSize = 16;
        private Device device = Device.cpu();

        private Builder() {
        }

        /** The built-in ResNet, initialised from {@code seed} (untrained: train it or load weights). */
        public Builder builtIn(ResNet.Depth depth, double widthMultiplier, long seed) {
            this.depth = Objects.requireNonNull(depth, "depth");
            this.widthMultiplier = widthMultiplier;
            this.seed = seed;
            this.torchScript = null;
            this.trained = null;
            this.url = null;
            return this;
        }

        /** A local TorchScript feature extractor ({@code .pt}). */
        public Builder torchScript(Path file) {
            this.torchScript = Objects.requireNonNull(file, "file");
            this.trained = null;
            this.url = null;
            return this;
        }

        /**
         * A feature extractor from a DJL model-zoo URL (PyTorch engine, returning a feature map);
         * needs a network the first time.
         */
        public Builder modelUrl(String url) {
            this.url = Objects.requireNonNull(url, "url");
            this.torchScript = null;
            this.trained = null;
            return this;
        }

        /**
         * A {@link ResNet#features} block of this layout trained by the caller (e.g. the first
         * child of a trained {@link ResNet#classifier}). Its weights and batch-norm statistics are
         * copied now, and run with the batch norms folded into the convolutions: the caller's
         * model may be closed or trained further without affecting the encoder. The encoder's
         * spec carries them, so a saved pipeline keeps them.
         *
         * @throws IllegalArgumentException if {@code features} is not an initialised body of this layout
         */
        public Builder trainedFeatures(ResNet.Depth depth, double widthMultiplier, Block features) {
            Objects.requireNonNull(features, "features");
            return trainedBody(depth, widthMultiplier,
                    ResNet.trainedValues(Objects.requireNonNull(depth, "depth"), widthMultiplier, features));
        }

        /**
         * A body trained by a {@link ResNetTrainer}, with the preprocessing it was trained for (a
         * later {@link #preprocessor} call overrides it). The encoder's spec carries its weights,
         * so a saved pipeline keeps them.
         */
        public Builder trained(TrainedResNet network) {
            this.preprocessor = Objects.requireNonNull(network, "network").preprocessor();
            return trainedBody(network.depth(), network.widthMultiplier(), network.weights());
        }

        private Builder trainedBody(ResNet.Depth depth, double widthMultiplier, Map<String, float[]> values) {
            this.trained = values;
            this.depth = depth;
            this.widthMultiplier = widthMultiplier;
            this.torchScript = null;
            this.url = null;
            return this;
        }

        public Builder preprocessor(ImagePreprocessor preprocessor) {
            this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
            return this;
        }

        public Builder output(Output output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * @throws ImageFormatException if the TorchScript model cannot be loaded
         */
        public ResNetImageEncoder build() {
            return new ResNetImageEncoder(this);
        }

        /** The spec of the encoder these settings make (the device and batch size are left out). */
        private EncoderSpec spec() {
            Map<String, String> settings = new LinkedHashMap<>(preprocessor.settings());
            settings.put("output", output.name());
            if (url != null) {
                settings.put("backbone", "url");
                settings.put("url", url);
            } else if (torchScript != null) {
                settings.put("backbone", "torchScript");
                settings.put("path", torchScript.toAbsolutePath().toString());
                settings.put("torchScriptSha256", EncoderSpec.sha256(torchScript));
            } else {
                settings.put("backbone", trained != null ? "trained" : "builtIn");
                settings.put("depth", depth.name());
                settings.put("widthMultiplier", Double.toString(widthMultiplier));
                if (trained == null) {
                    settings.put("seed", Long.toString(seed));
                }
            }
            return trained != null ? EncoderSpec.of(Factory.TYPE, settings, trained)
                    : EncoderSpec.of(Factory.TYPE, settings);
        }

        /** The settings of a spec ({@link #spec()}). */
        private Builder fromSpec(EncoderSpec spec) {
            preprocessor(ImagePreprocessor.of(spec));
            output(spec.constant(Output.class, "output"));
            String backbone = spec.setting("backbone");
            switch (backbone) {
                case "url" -> modelUrl(spec.setting("url"));
                case "torchScript" -> torchScript(Path.of(spec.setting("path")));
                case "builtIn" -> builtIn(spec.constant(ResNet.Depth.class, "depth"), spec.real("widthMultiplier"),
                        Long.parseLong(spec.setting("seed")));
                case "trained" -> trainedValues(spec);
                default -> throw new IllegalArgumentException("backbone '" + backbone
                        + "' is not one of builtIn, trained, torchScript, url");
            }
            return this;
        }

        /** A trained body from a spec's weights, checked against the layout's parameters. */
        private void trainedValues(EncoderSpec spec) {
            ResNet.Depth layout = spec.constant(ResNet.Depth.class, "depth");
            double width = spec.real("widthMultiplier");
            Map<String, float[]> weights = spec.weights();
            if (!spec.hasWeights() || weights.isEmpty()) {
                throw new IllegalArgumentException("a trained ResNet needs its weights, and the spec carries none");
            }
            Block body = ResNet.features(layout, width);
            try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
                body.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
                PairList<String, Parameter> parameters = body.getParameters();
                if (parameters.size() != weights.size()) {
                    throw new IllegalArgumentException("the spec has " + weights.size() + " weights; a " + layout
                            + " body of width " + width + " has " + parameters.size());
                }
                for (Pair<String, Parameter> parameter : parameters) {
                    float[] values = weights.get(parameter.getKey());
                    long size = parameter.getValue().getArray().size();
                    if (values == null || values.length != size) {
                        throw new IllegalArgumentException("weight '" + parameter.getKey() + "' of a " + layout
                                + " body of width " + width + " needs " + size + " values, the spec has "
                                + (values == null ? "none" : values.length));
                    }
                }
            }
            this.depth = layout;
            this.widthMultiplier = width;
            this.trained = weights;
            this.torchScript = null;
            this.url = null;
        }
    }
}
