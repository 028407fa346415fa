package dev.fusion4j.image;

import ai.djl.Device;
import dev.fusion4j.train.TrainingListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trains the built-in {@link ResNet} as an image classifier on labelled images and keeps its body
 * as an image encoder — the way to image features worth having without downloading weights (the
 * built-in network is otherwise randomly initialised).
 *
 * <pre>{@code
 * TrainedResNet network = ResNetTrainer.builder()
 *         .depth(ResNet.Depth.RESNET18).widthMultiplier(0.25).imageSize(64)
 *         .augmentation(ImageAugmentation.builder().horizontalFlip(0).rotation(15).build())
 *         .epochs(30).learningRate(2e-3f).validationFraction(0.2).earlyStopping(5).seed(7)
 *         .build().train(images);                        // List<LabelledImage>
 * network.history().forEach(System.out::println);
 * try (ResNetImageEncoder encoder = network.newEncoder()) {
 *     Features features = encoder.encode(image);        // [128] pooled
 * }
 * }</pre>
 *
 * <p>Each epoch shuffles the training images (seeded), augments each one afresh (unless
 * {@link Builder#withoutAugmentation()}), preprocesses it to {@code imageSize × imageSize} with the
 * normalisation, and takes Adam steps on mini-batches against softmax cross-entropy over the
 * classes {@code 0 … max label}. Validation images are preprocessed only. Immutable: one trainer
 * may train several times; the engine's random seed is process-wide, so train one network at a
 * time for repeatable weights.
 */
public final class ResNetTrainer {
    private final ResNet.Depth depth;
    private final double widthMultiplier;
    private final ImagePreprocessor preprocessor;
    private final ImageAugmentation augmentation;
    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final double validationFraction;
    private final int patience;
    private final long seed;
    private final Device device;
    private final List<TrainingListener> listeners;

    private ResNetTrainer(Builder b) {
        this.depth = b.depth;
        this.widthMultiplier = b.widthMultiplier;
        this.preprocessor = ImagePreprocessor.of(b.imageSize, b.imageSize, b.mean, b.std);
        this.augmentation = b.augmentation;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.learningRate = b.learningRate;
        this.validationFraction = b.validationFraction;
        this.patience = b.patience;
        this.seed = b.seed;
        this.device = b.device;
        this.listeners = List.copyOf(b.listeners);
    }

    /**
     * Defaults: ResNet-18 at width 1/4, 64 × 64 images with ImageNet normalisation, the small-object
     * augmentation ({@link ImageAugmentation#builder()}), 30 epochs of 32 images, learning rate
     * 2e-3, 20 % of each class held out for validation, early stopping after 5 epochs without a
     * better validation accuracy, seed 42, CPU.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains on {@code images}, holding out the validation fraction of each class (seeded) when it
     * is above 0.
     *
     * @throws IllegalArgumentException if there are no images, or early stopping is on and no
     *     image is left for validation
     * @throws dev.fusion4j.FusionException if training diverges or the engine fails
     */
    public TrainedResNet train(List<LabelledImage> images) {
        requireImages(images, "training");
        Split split = split(images, validationFraction, seed);
        return train(split.train(), split.validation());
    }

    /** Training and validation images, each in the given order. */
    record Split(List<LabelledImage> train, List<LabelledImage> validation) {
    }

    /** Holds out {@code round(fraction · n)} of each class's n images, at most n − 1, drawn with {@code seed}. */
    static Split split(List<LabelledImage> images, double fraction, long seed) {
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < images.size(); i++) {
            byClass.computeIfAbsent(images.get(i).label(), label -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        Set<Integer> heldOut = new HashSet<>();
        for (List<Integer> members : byClass.values()) {
            Collections.shuffle(members, random);
            long count = Math.min(members.size() - 1, Math.round(fraction * members.size()));
            heldOut.addAll(members.subList(0, (int) count));
        }
        List<LabelledImage> train = new ArrayList<>();
        List<LabelledImage> validation = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            (heldOut.contains(i) ? validation : train).add(images.get(i));
        }
        return new Split(train, validation);
    }

    /**
     * Trains on {@code train}, measuring {@code validation} (may be empty) after each epoch; the
     * validation fraction does not apply.
     *
     * @throws IllegalArgumentException if there are no training images, or early stopping is on
     *     without validation images
     * @throws dev.fusion4j.FusionException if training diverges or the engine fails
     */
    public TrainedResNet train(List<LabelledImage> train, List<LabelledImage> validation) {
        requireImages(train, "training");
        requireNoNulls(validation, "validation");
        if (patience > 0 && validation.isEmpty()) {
            throw new IllegalArgumentException("early stopping (patience " + patience + ") needs validation images: "
                    + "pass some, raise the validation fraction (now " + validationFraction + ") or set earlyStopping(0)");
        }
        return new ResNetTrainingRun(this, train, validation).run();
    }

    private static void requireImages(List<LabelledImage> images, String what) {
        requireNoNulls(images, what);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no " + what + " images");
        }
    }

    private static void requireNoNulls(List<LabelledImage> images, String what) {
        Objects.requireNonNull(images, what + " images");
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i) == null) {
                throw new IllegalArgumentException(what + " image " + i + " is null");
            }
        }
    }

    ResNet.Depth depth() {
        return depth;
    }

    double widthMultiplier() {
        return widthMultiplier;
    }

    ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /** The augmentation, or null for none. */
    ImageAugmentation augmentation() {
        return augmentation;
    }

    int epochs() {
        return epochs;
    }

    int batchSize() {
        return batchSize;
    }

    float learningRate() {
        return learningRate;
    }

    int patience() {
        return patience;
    }

    long seed() {
        return seed;
    }

    Device device() {
        return device;
    }

    List<TrainingListener> listeners() {
        return listeners;
    }

    /** Settings; {@link #build()} checks them. */
    public static final class Builder {
        private ResNet.Depth depth = ResNet.Depth.RESNET18;
        private double widthMultiplier = 0.25;
        private int imageSize = 64;
        private float[] mean = ImagePreprocessor.IMAGENET_MEAN.clone();
        private float[] std = ImagePreprocessor.IMAGENET_STD.clone();
        private ImageAugmentation augmentation = ImageAugmentation.builder().build();
        private int epochs = 30;
        private int batchSize = 32;
        private float learningRate = 2e-3f;
        private double validationFraction = 0.2;
        private int patience = 5;
        private long seed = 42;
        private Device device = Device.cpu();
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder() {
        }

        public Builder depth(ResNet.Depth depth) {
            this.depth = Objects.requireNonNull(depth, "depth");
            return this;
        }

        /** Scales every stage's width, in (0, 8]; 1 is torchvision's network. */
        public Builder widthMultiplier(double widthMultiplier) {
            this.widthMultiplier = widthMultiplier;
            return this;
        }

        /** The side of the square images the network sees, 32–1024 pixels. */
        public Builder imageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /** Per-channel (R, G, B) mean and standard deviation of pixel values in [0, 1]; ImageNet's by default. */
        public Builder normalisation(float[] mean, float[] std) {
            this.mean = Objects.requireNonNull(mean, "mean").clone();
            this.std = Objects.requireNonNull(std, "std").clone();
            return this;
        }

        public Builder augmentation(ImageAugmentation augmentation) {
            this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
            return this;
        }

        /** Trains on the images exactly as the encoder will see them. */
        public Builder withoutAugmentation() {
            this.augmentation = null;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Adam's learning rate (fixed). */
        public Builder learningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** The share of each class {@link #train(List)} holds out for validation, in [0, 1); 0 for none. */
        public Builder validationFraction(double fraction) {
            this.validationFraction = fraction;
            return this;
        }

        /**
         * Stop after {@code patience} epochs without a better validation accuracy (ties go to the
         * lower validation loss), keeping the best epoch's weights; 0 trains every epoch and keeps the last.
         */
        public Builder earlyStopping(int patience) {
            this.patience = patience;
            return this;
        }

        /** Seeds the initial weights, the validation split, the shuffling and the augmentation. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The device to train on, such as {@code Device.gpu()}. */
        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** Called after each epoch, on the training thread. */
        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public ResNetTrainer build() {
            require(widthMultiplier > 0 && widthMultiplier <= 8, "width multiplier must be in (0, 8], got "
                    + widthMultiplier);
            require(imageSize >= 32 && imageSize <= 1024, "image size must be 32 to 1024 pixels (the network "
                    + "downsamples 32×), got " + imageSize);
            require(epochs >= 1, "epochs must be ≥ 1, got " + epochs);
            require(batchSize >= 1, "batch size must be ≥ 1, got " + batchSize);
            require(learningRate > 0 && Float.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
            require(validationFraction >= 0 && validationFraction < 1, "validation fraction must be in [0, 1), got "
                    + validationFraction);
            require(patience >= 0, "patience must be ≥ 0, got " + patience);
            return new ResNetTrainer(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
