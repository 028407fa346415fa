package dev.fusion4j.image;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.fusion4j.FusionException;
import dev.fusion4j.internal.tensor.djl.DjlTrainingSession;
import dev.fusion4j.train.EpochMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/** One {@link ResNetTrainer#train} call: the epochs, their mini-batches and the validation after each. */
final class ResNetTrainingRun {
    private static final int EVALUATION_BATCH = 64;

    private final ResNetTrainer settings;
    private final List<LabelledImage> train;
    private final List<LabelledImage> validation;
    private final int size;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private final Random shuffle;
    private final Random augmentation;
    private final List<Integer> order = new ArrayList<>();

    ResNetTrainingRun(ResNetTrainer settings, List<LabelledImage> train, List<LabelledImage> validation) {
        this.settings = settings;
        this.train = List.copyOf(train);
        this.validation = List.copyOf(validation);
        this.size = settings.preprocessor().crop();
        this.shuffle = new Random(settings.seed());
        this.augmentation = new Random(settings.seed() + 1);
        for (int i = 0; i < train.size(); i++) {
            order.add(i);
        }
    }

    TrainedResNet run() {
        int classes = 1 + Stream.concat(train.stream(), validation.stream())
                .mapToInt(LabelledImage::label).max().orElseThrow();
        SequentialBlock classifier = ResNet.classifier(settings.depth(), settings.widthMultiplier(), classes);
        Engine.getEngine("PyTorch").setRandomSeed((int) settings.seed());
        try (DjlTrainingSession session = new DjlTrainingSession(classifier,
                Optimizer.adam().optLearningRateTracker(Tracker.fixed(settings.learningRate())).build(),
                settings.device(), new Shape(settings.batchSize(), 3, size, size))) {
            return epochs(session, classifier.getChildren().get(0).getValue());
        }
    }

    /** Trains epoch after epoch; returns the body as it was after the kept epoch. */
    private TrainedResNet epochs(DjlTrainingSession session, Block features) {
        float[][] preparedTraining = settings.augmentation() == null ? prepared(train) : null;
        float[][] preparedValidation = prepared(validation);
        List<EpochMetrics> history = new ArrayList<>();
        Map<String, float[]> kept = null;
        int keptEpoch = 0;
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            long start = System.nanoTime();
            double trainingLoss = trainEpoch(session, epoch, preparedTraining);
            double[] measured = validation.isEmpty() ? new double[] {Double.NaN, Double.NaN}
                    : evaluate(session, preparedValidation);
            EpochMetrics metrics = new EpochMetrics(epoch, trainingLoss, measured[0], measured[1],
                    (System.nanoTime() - start) / 1e9);
            history.add(metrics);
            settings.listeners().forEach(listener -> listener.onEpoch(metrics));
            if (settings.patience() > 0) {
                if (measured[1] > bestAccuracy || (measured[1] == bestAccuracy && measured[0] < bestLoss)) {
                    bestAccuracy = measured[1];
                    bestLoss = measured[0];
                    kept = values(features);
                    keptEpoch = epoch;
                } else if (epoch - keptEpoch >= settings.patience()) {
                    break;
                }
            }
        }
        if (kept == null) {
            kept = values(features);
            keptEpoch = history.size();
        }
        return new TrainedResNet(settings.depth(), settings.widthMultiplier(), settings.preprocessor(), kept, history,
                keptEpoch);
    }

    /**
     * One pass over the shuffled training images, each augmented afresh unless {@code prepared}
     * holds their fixed pixels; the mean mini-batch loss.
     */
    private double trainEpoch(DjlTrainingSession session, int epoch, float[][] prepared) {
        Collections.shuffle(order, shuffle);
        double lossSum = 0;
        int batches = 0;
        for (int from = 0; from < order.size(); from += settings.batchSize()) {
            List<Integer> batch = order.subList(from, Math.min(order.size(), from + settings.batchSize()));
            float[][] pixels = new float[batch.size()][];
            for (int b = 0; b < batch.size(); b++) {
                pixels[b] = prepared != null ? prepared[batch.get(b)] : augmented(train.get(batch.get(b)));
            }
            float value = step(session, pixels, labels(batch.stream().map(train::get).toList()));
            if (!Float.isFinite(value)) {
                throw new FusionException("training the ResNet diverged at epoch " + epoch + ", batch "
                        + (batches + 1) + ": the loss is " + value + "; lower the learning rate (now "
                        + settings.learningRate() + ")");
            }
            lossSum += value;
            batches++;
        }
        return lossSum / batches;
    }

    private float[][] prepared(List<LabelledImage> images) {
        float[][] out = new float[images.size()][];
        for (int i = 0; i < images.size(); i++) {
            out[i] = settings.preprocessor().apply(ImageDecoder.toRgb(images.get(i).image()));
        }
        return out;
    }

    private float[] augmented(LabelledImage image) {
        return settings.preprocessor().apply(settings.augmentation().apply(image.image(), size, augmentation));
    }

    private static float[] labels(List<LabelledImage> images) {
        float[] labels = new float[images.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = images.get(i).label();
        }
        return labels;
    }

    private NDArray batch(NDManager pass, float[][] pixels) {
        int values = 3 * size * size;
        float[] flat = new float[pixels.length * values];
        for (int b = 0; b < pixels.length; b++) {
            System.arraycopy(pixels[b], 0, flat, b * values, values);
        }
        return pass.create(flat, new Shape(pixels.length, 3, size, size));
    }

    private float step(DjlTrainingSession session, float[][] pixels, float[] labels) {
        try (NDManager pass = session.newPass()) {
            NDList x = new NDList(batch(pass, pixels));
            NDList y = new NDList(pass.create(labels));
            return session.step(x, outputs -> loss.evaluate(y, outputs));
        }
    }

    /** Mean validation loss and accuracy. */
    private double[] evaluate(DjlTrainingSession session, float[][] pixels) {
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < pixels.length; from += EVALUATION_BATCH) {
            int to = Math.min(pixels.length, from + EVALUATION_BATCH);
            List<LabelledImage> part = validation.subList(from, to);
            try (NDManager pass = session.newPass()) {
                NDList logits = session.evaluate(new NDList(batch(pass, Arrays.copyOfRange(pixels, from, to))));
                lossSum += loss.evaluate(new NDList(pass.create(labels(part))), logits).getFloat() * part.size();
                float[] values = logits.singletonOrThrow().toFloatArray();
                int classes = values.length / part.size();
                for (int i = 0; i < part.size(); i++) {
                    int best = 0;
                    for (int c = 1; c < classes; c++) {
                        best = values[i * classes + c] > values[i * classes + best] ? c : best;
                    }
                    correct += best == part.get(i).label() ? 1 : 0;
                }
            }
        }
        return new double[] {lossSum / pixels.length, (double) correct / pixels.length};
    }

    private static Map<String, float[]> values(Block block) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            values.put(pair.getKey(), pair.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
