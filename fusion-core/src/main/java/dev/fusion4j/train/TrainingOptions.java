package dev.fusion4j.train;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link dev.fusion4j.model.FusionSpec#train} and {@link dev.fusion4j.model.FusionModel#fit} train: optimiser, learning rate and
 * schedule, weight decay, gradient clipping, mini-batches, epochs, early stopping, class weights,
 * device, progress display and listeners. Immutable; {@link #builder()} starts from the defaults
 * (Adam, 1e-3, fixed, 30 epochs of 32, no early stopping, CPU, progress shown).
 */
public final class TrainingOptions {
    /** The optimisers (DJL's implementations). */
    public enum Optimizer { ADAM, ADAMW, SGD }

    /** Learning-rate schedules over the whole run. */
    public enum Schedule { FIXED, COSINE }

    /** Regression losses. */
    public enum RegressionLoss { MSE, L1 }

    private final Optimizer optimizer;
    private final float learningRate;
    private final Schedule schedule;
    private final float weightDecay;
    private final float gradientClip;
    private final int batchSize;
    private final int epochs;
    private final int patience;
    private final List<Double> classWeights;
    private final boolean balancedClassWeights;
    private final RegressionLoss regressionLoss;
    private final Device device;
    private final boolean progress;
    private final List<TrainingListener> listeners;

    private TrainingOptions(Builder b) {
        this.optimizer = b.optimizer;
        this.learningRate = b.learningRate;
        this.schedule = b.schedule;
        this.weightDecay = b.weightDecay;
        this.gradientClip = b.gradientClip;
        this.batchSize = b.batchSize;
        this.epochs = b.epochs;
        this.patience = b.patience;
        this.classWeights = b.classWeights;
        this.balancedClassWeights = b.balancedClassWeights;
        this.regressionLoss = b.regressionLoss;
        this.device = b.device;
        this.progress = b.progress;
        this.listeners = List.copyOf(b.listeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static TrainingOptions defaults() {
        return builder().build();
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public float learningRate() {
        return learningRate;
    }

    public Schedule schedule() {
        return schedule;
    }

    public float weightDecay() {
        return weightDecay;
    }

    /** Each gradient value is clipped to {@code [-c, c]} (DJL's rule); 0 disables clipping. */
    public float gradientClip() {
        return gradientClip;
    }

    public int batchSize() {
        return batchSize;
    }

    public int epochs() {
        return epochs;
    }

    /** Epochs without improvement of the validation metric before stopping; 0 never stops early. */
    public int patience() {
        return patience;
    }

    /** Explicit class weights, or empty. */
    public List<Double> classWeights() {
        return classWeights;
    }

    /** Whether class weights are inverse class frequencies of the training set. */
    public boolean balancedClassWeights() {
        return balancedClassWeights;
    }

    public RegressionLoss regressionLoss() {
        return regressionLoss;
    }

    /** The device that trains; the trained model's DJL predictions run there too. */
    public Device device() {
        return device;
    }

    public boolean progress() {
        return progress;
    }

    public List<TrainingListener> listeners() {
        return listeners;
    }

    /**
     * The settings that decide what training computes, by name, as a model's provenance keeps
     * them: everything but the progress display and the listeners.
     */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("optimizer", optimizer.name());
        settings.put("learningRate", Float.toString(learningRate));
        settings.put("schedule", schedule.name());
        settings.put("weightDecay", Float.toString(weightDecay));
        settings.put("gradientClip", Float.toString(gradientClip));
        settings.put("batchSize", Integer.toString(batchSize));
        settings.put("epochs", Integer.toString(epochs));
        settings.put("patience", Integer.toString(patience));
        settings.put("classWeights", classWeights.toString());
        settings.put("balancedClassWeights", Boolean.toString(balancedClassWeights));
        settings.put("regressionLoss", regressionLoss.name());
        settings.put("device", device.toString());
        return settings;
    }

    /** Collects options; {@link #build()} validates them. */
    public static final class Builder {
        private Optimizer optimizer = Optimizer.ADAM;
        private float learningRate = 1e-3f;
        private Schedule schedule = Schedule.FIXED;
        private float weightDecay;
        private float gradientClip;
        private int batchSize = 32;
        private int epochs = 30;
        private int patience;
        private List<Double> classWeights = List.of();
        private boolean balancedClassWeights;
        private RegressionLoss regressionLoss = RegressionLoss.MSE;
        private Device device = Device.cpu();
        private boolean progress = true;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder() {
        }

        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        public Builder learningRate(float learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder schedule(Schedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        public Builder weightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder gradientClip(float clip) {
            this.gradientClip = clip;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Stop after {@code patience} epochs without a better validation metric, keeping the best weights. */
        public Builder earlyStopping(int patience) {
            this.patience = patience;
            return this;
        }

        /** One positive weight per class, in label order. */
        public Builder classWeights(double... weights) {
            this.classWeights = Arrays.stream(weights).boxed().toList();
            this.balancedClassWeights = false;
            return this;
        }

        /** Weights inversely proportional to the class frequencies of the training set. */
        public Builder balancedClassWeights() {
            this.classWeights = List.of();
            this.balancedClassWeights = true;
            return this;
        }

        public Builder regressionLoss(RegressionLoss loss) {
            this.regressionLoss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        /** The device to train on, such as {@code Device.gpu()}; CPU by default. */
        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** Show progress (a bar on a terminal, log lines otherwise); on by default. */
        public Builder progress(boolean progress) {
            this.progress = progress;
            return this;
        }

        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public TrainingOptions build() {
            require(learningRate > 0 && Float.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
            require(weightDecay >= 0 && Float.isFinite(weightDecay), "weight decay must be ≥ 0, got " + weightDecay);
            require(gradientClip >= 0 && Float.isFinite(gradientClip), "gradient clip must be ≥ 0, got " + gradientClip);
            require(batchSize >= 1, "batch size must be ≥ 1, got " + batchSize);
            require(epochs >= 1, "epochs must be ≥ 1, got " + epochs);
            require(patience >= 0, "patience must be ≥ 0, got " + patience);
            require(classWeights.stream().allMatch(w -> w > 0 && Double.isFinite(w)),
                    "class weights must be finite and > 0, got " + classWeights);
            return new TrainingOptions(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
