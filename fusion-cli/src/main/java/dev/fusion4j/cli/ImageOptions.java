package dev.fusion4j.cli;

import dev.fusion4j.data.Modality;
import dev.fusion4j.dataset.RawDataset;
import dev.fusion4j.dataset.RawSample;
import dev.fusion4j.image.ImageDecoder;
import dev.fusion4j.image.LabelledImage;
import dev.fusion4j.image.ResNetImageEncoder;
import dev.fusion4j.image.ResNetTrainer;
import dev.fusion4j.image.TrainedResNet;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How {@code train} makes its image encoder: the built-in ResNet-18, whose weights are random
 * until trained, trained as a classifier on the training split's images (the small-object
 * augmentation, validation on the validation split's images, early stopping), then used as a
 * pooled feature extractor.
 */
final class ImageOptions {
    @Option(names = "--image-size", paramLabel = "PIXELS", defaultValue = "64", description = "Images are resized "
            + "(shorter side) and centre-cropped to this square for the image network (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--image-epochs", paramLabel = "N", defaultValue = "60", description = "The most epochs the "
            + "image network trains (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--image-patience", paramLabel = "N", defaultValue = "30", description = "Stop training the "
            + "image network after this many epochs without a better validation accuracy, keeping the best "
            + "(default: ${DEFAULT-VALUE}; 0: never).")
    int patience;

    @Option(names = "--image-width", paramLabel = "MULTIPLIER", defaultValue = "0.25", description = "The width "
            + "multiplier of the ResNet-18 (default: ${DEFAULT-VALUE}: 128 features).")
    double widthMultiplier;

    /**
     * Trains the network on the images of {@code train}, validating on those of {@code validation},
     * and returns an encoder of its body.
     *
     * @throws BadDataException if no training row has an image
     */
    ResNetImageEncoder train(RawDataset data, List<RawSample> train, List<RawSample> validation, long seed,
                             boolean progress, PrintWriter err) {
        List<LabelledImage> trainImages = images(data, train);
        List<LabelledImage> validationImages = images(data, validation);
        if (trainImages.isEmpty()) {
            throw new BadDataException("no training row has an image to train the image network on");
        }
        err.printf(Locale.ROOT, "training the image network (ResNet-18 × %s, %d px) on %d images, validating on %d%n",
                widthMultiplier, size, trainImages.size(), validationImages.size());
        ResNetTrainer.Builder trainer = ResNetTrainer.builder().widthMultiplier(widthMultiplier).imageSize(size)
                .epochs(epochs).earlyStopping(validationImages.isEmpty() ? 0 : patience).seed(seed);
        if (progress) {
            trainer.listener(m -> {
                err.printf(Locale.ROOT, "  image epoch %d/%d  loss %.4f  validation accuracy %.4f  (%.1f s)%n",
                        m.epoch(), epochs, m.trainingLoss(), m.validationMetric(), m.seconds());
                err.flush();
            });
        }
        TrainedResNet network = trainer.build().train(trainImages, validationImages);
        err.printf(Locale.ROOT, "kept the image network of epoch %d%n", network.keptEpoch());
        return ResNetImageEncoder.builder().trained(network).build();
    }

    /** The decoded images of the rows that have one, shrunk to save memory, with their class indices. */
    private List<LabelledImage> images(RawDataset data, List<RawSample> rows) {
        List<LabelledImage> images = new ArrayList<>();
        for (RawSample row : rows) {
            row.file(Modality.IMAGE).ifPresent(file -> images.add(new LabelledImage(
                    shrunk(ImageDecoder.decode(file)), data.classIndex(row.label()))));
        }
        return images;
    }

    /**
     * The image scaled down so that its shorter side is twice the network's input, if it is larger:
     * the network sees it resized to {@code size} anyway, and a few hundred photographs decoded at
     * full size would not fit in memory.
     */
    private BufferedImage shrunk(BufferedImage image) {
        int shorter = Math.min(image.getWidth(), image.getHeight());
        if (shorter <= 2 * size) {
            return image;
        }
        double scale = 2.0 * size / shorter;
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }
}
