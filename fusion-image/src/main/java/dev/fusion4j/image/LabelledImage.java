package dev.fusion4j.image;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An image and its class, for {@link ResNetTrainer}.
 *
 * @param image any size and colour model (converted to RGB when used)
 * @param label the class index, ≥ 0
 */
public record LabelledImage(BufferedImage image, int label) {
    /**
     * @throws IllegalArgumentException if the label is negative
     */
    public LabelledImage {
        Objects.requireNonNull(image, "image");
        if (label < 0) {
            throw new IllegalArgumentException("a label is a class index ≥ 0, got " + label);
        }
    }
}
