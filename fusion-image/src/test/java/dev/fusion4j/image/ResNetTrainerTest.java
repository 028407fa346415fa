package dev.fusion4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.FusionException;
import dev.fusion4j.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResNetTrainerTest {

    /**
     * 40 × 40 black images with one small grey bar (2 × 10 pixels) somewhere: horizontal for class
     * 0, vertical for class 1. Neither the mean colour nor the position tells them apart.
     */
    private static List<LabelledImage> bars(int count, long seed) {
        Random random = new Random(seed);
        List<LabelledImage> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = i % 2;
            int width = label == 0 ? 10 : 2;
            int height = label == 0 ? 2 : 10;
            int left = random.nextInt(40 - width);
            int top = random.nextInt(40 - height);
            BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            for (int y = top; y < top + height; y++) {
                for (int x = left; x < left + width; x++) {
                    image.setRGB(x, y, 0xC8C8C8);
                }
            }
            images.add(new LabelledImage(image, label));
        }
        return images;
    }

    private static ResNetTrainer.Builder small() {
        return ResNetTrainer.builder().widthMultiplier(0.125).imageSize(32)
                .normalisation(new float[] {0.05f, 0.05f, 0.05f}, new float[] {0.2f, 0.2f, 0.2f})
                .augmentation(ImageAugmentation.builder().horizontalFlip(0).rotation(0).shift(0.15)
                        .colourJitter(0, 0, 0).build())
                .batchSize(16).learningRate(3e-3f).seed(5);
    }

    private static float[][] pooled(TrainedResNet network, List<LabelledImage> images) {
        try (ResNetImageEncoder encoder = network.newEncoder()) {
            return encoder.encodeAll(images.stream().map(LabelledImage::image).toList()).stream()
                    .map(features -> features.row(0)).toArray(float[][]::new);
        }
    }

    /** Held-out accuracy of the nearest class centroid of the encoder's pooled features. */
    private static double nearestCentroidAccuracy(TrainedResNet network, List<LabelledImage> train,
                                                  List<LabelledImage> test) {
        float[][] trainFeatures = pooled(network, train);
        int width = trainFeatures[0].length;
        double[][] centroids = new double[2][width];
        for (int i = 0; i < train.size(); i++) {
            for (int c = 0; c < width; c++) {
                centroids[train.get(i).label()][c] += trainFeatures[i][c] / train.size() * 2;
            }
        }
        float[][] testFeatures = pooled(network, test);
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            double[] distance = new double[2];
            for (int k = 0; k < 2; k++) {
                for (int c = 0; c < width; c++) {
                    distance[k] += Math.pow(testFeatures[i][c] - centroids[k][c], 2);
                }
            }
            correct += (distance[0] < distance[1] ? 0 : 1) == test.get(i).label() ? 1 : 0;
        }
        return (double) correct / test.size();
    }

    @Test
    void trainingOnSmallBarsGivesAnEncoderThatTellsThemApart() {
        List<LabelledImage> train = bars(96, 1);
        List<LabelledImage> test = bars(40, 2);
        TrainedResNet untrained = small().epochs(1).learningRate(1e-9f).earlyStopping(0).build()
                .train(train, List.of());
        TrainedResNet trained = small().epochs(12).earlyStopping(0).build().train(train, test);
        List<EpochMetrics> history = trained.history();
        assertEquals(12, history.size());
        assertEquals(12, trained.keptEpoch());
        assertTrue(history.get(11).trainingLoss() < history.get(0).trainingLoss() * 0.5, history.toString());
        assertTrue(history.get(11).validationMetric() >= 0.9, history.toString());
        double before = nearestCentroidAccuracy(untrained, train, test);
        double after = nearestCentroidAccuracy(trained, train, test);
        assertTrue(after >= 0.75 && after > before + 0.25, "nearest centroid: " + before + " → " + after);
        assertEquals(ResNet.featureChannels(ResNet.Depth.RESNET18, 0.125), pooled(trained, test)[0].length);
    }

    @Test
    void earlyStoppingKeepsTheBestEpochWhoseWeightsARunOfThatLengthReproduces() {
        List<LabelledImage> train = bars(48, 3);
        List<LabelledImage> validation = bars(24, 4);
        int patience = 2;
        TrainedResNet stopped = small().epochs(15).earlyStopping(patience).build().train(train, validation);
        List<EpochMetrics> history = stopped.history();
        int kept = stopped.keptEpoch();
        EpochMetrics best = history.get(kept - 1);
        for (EpochMetrics epoch : history) {
            assertTrue(epoch.validationMetric() < best.validationMetric()
                    || epoch.validationMetric() == best.validationMetric() && epoch.validationLoss() >= best.validationLoss(),
                    "epoch " + kept + " is the best: " + history);
        }
        assertTrue(history.size() == 15 || history.size() == kept + patience, history.size() + " epochs, kept " + kept);
        TrainedResNet rerun = small().epochs(kept).earlyStopping(0).build().train(train, validation);
        assertArrayEquals(pooled(rerun, validation)[3], pooled(stopped, validation)[3], "the kept epoch's weights");
    }

    @Test
    void theSameSeedTrainsTheSameNetwork() {
        List<LabelledImage> images = bars(20, 6);
        ResNetTrainer trainer = small().epochs(2).validationFraction(0.2).earlyStopping(0).build();
        TrainedResNet a = trainer.train(images);
        TrainedResNet b = trainer.train(images);
        assertEquals(a.history().get(1).trainingLoss(), b.history().get(1).trainingLoss());
        assertEquals(a.history().get(1).validationLoss(), b.history().get(1).validationLoss());
        assertArrayEquals(pooled(a, images)[0], pooled(b, images)[0]);
        TrainedResNet other = small().epochs(2).validationFraction(0.2).earlyStopping(0).seed(6).build().train(images);
        assertTrue(a.history().get(1).trainingLoss() != other.history().get(1).trainingLoss());
    }

    @Test
    void theValidationSplitHoldsOutTheFractionOfEachClass() {
        List<LabelledImage> images = new ArrayList<>(bars(40, 7));
        images.add(new LabelledImage(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), 2));   // a class of one
        ResNetTrainer.Split split = ResNetTrainer.split(images, 0.25, 3);
        assertEquals(5, split.validation().stream().filter(i -> i.label() == 0).count());
        assertEquals(5, split.validation().stream().filter(i -> i.label() == 1).count());
        assertEquals(0, split.validation().stream().filter(i -> i.label() == 2).count(), "never a whole class");
        assertEquals(31, split.train().size());
        assertTrue(split.train().stream().noneMatch(split.validation()::contains));
        assertEquals(split.validation(), ResNetTrainer.split(images, 0.25, 3).validation(), "seeded");
        assertTrue(!split.validation().equals(ResNetTrainer.split(images, 0.25, 4).validation()));
        assertTrue(ResNetTrainer.split(images, 0, 3).validation().isEmpty());
    }

    @Test
    void badSettingsAndDataAreRefusedByName() {
        assertRefused(() -> ResNetTrainer.builder().imageSize(16).build(), "image size");
        assertRefused(() -> ResNetTrainer.builder().widthMultiplier(0).build(), "width multiplier");
        assertRefused(() -> ResNetTrainer.builder().epochs(0).build(), "epochs");
        assertRefused(() -> ResNetTrainer.builder().learningRate(Float.NaN).build(), "learning rate");
        assertRefused(() -> ResNetTrainer.builder().validationFraction(1).build(), "validation fraction");
        assertRefused(() -> ResNetTrainer.builder().earlyStopping(-1).build(), "patience");
        assertRefused(() -> ResNetTrainer.builder().normalisation(new float[2], new float[] {1, 1, 1}).build(),
                "mean and std");
        ResNetTrainer trainer = ResNetTrainer.builder().build();
        assertRefused(() -> trainer.train(List.of()), "no training images");
        List<LabelledImage> withNull = new ArrayList<>(bars(2, 1));
        withNull.add(null);
        assertRefused(() -> trainer.train(withNull), "training image 2 is null");
        assertRefused(() -> trainer.train(bars(4, 1), List.of()), "early stopping");
        assertRefused(() -> ResNetTrainer.builder().validationFraction(0).build().train(bars(4, 1)), "early stopping");
        assertRefused(() -> new LabelledImage(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), -1), "label");
    }

    @Test
    void aDivergingLossStopsTrainingWithAnErrorSayingWhatToLower() {
        FusionException e = assertThrows(FusionException.class, () -> small().learningRate(1e30f).epochs(3)
                .earlyStopping(0).validationFraction(0).build().train(bars(32, 8)));
        assertTrue(e.getMessage().contains("diverged at epoch") && e.getMessage().contains("learning rate"),
                e.getMessage());
    }

    private static void assertRefused(Runnable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
