package dev.fusion4j.align;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The vectors of two modalities in the samples that have both, in sample order: what
 * {@link CanonicalCorrelation} and {@link ContrastiveAligner} fit on. Samples lacking either
 * modality are left out.
 */
final class PairedVectors {
    private final Modality first;
    private final Modality second;
    private final List<float[]> firstRows = new ArrayList<>();
    private final List<float[]> secondRows = new ArrayList<>();

    private PairedVectors(Modality first, Modality second) {
        this.first = first;
        this.second = second;
    }

    /**
     * @throws IllegalArgumentException if the modalities are equal, or fewer than 2 samples have both
     * @throws InvalidSampleException naming the sample and modality if a feature is a sequence, or
     *     has another width than the same modality in an earlier sample
     */
    static PairedVectors of(List<MultimodalSample> samples, Modality first, Modality second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (first.equals(second)) {
            throw new IllegalArgumentException("alignment joins two different modalities, got '" + first + "' twice");
        }
        PairedVectors pairs = new PairedVectors(first, second);
        for (int i = 0; i < samples.size(); i++) {
            MultimodalSample sample = Objects.requireNonNull(samples.get(i), "sample #" + i + " is null");
            if (sample.has(first) && sample.has(second)) {
                pairs.firstRows.add(pairs.vector(samples, i, first, pairs.firstRows));
                pairs.secondRows.add(pairs.vector(samples, i, second, pairs.secondRows));
            }
        }
        if (pairs.size() < 2) {
            throw new IllegalArgumentException("alignment needs at least 2 samples with both '" + first + "' and '"
                    + second + "'; " + pairs.size() + " of " + samples.size() + " have both");
        }
        return pairs;
    }

    private float[] vector(List<MultimodalSample> samples, int index, Modality modality, List<float[]> earlier) {
        Features features = samples.get(index).get(modality).orElseThrow();
        if (features.isSequence()) {
            throw new InvalidSampleException(samples.get(index).describe(index) + " has a sequence " + features + " for modality '"
                    + modality + "'; alignment fits vectors: pool it first (for example its mean over steps)");
        }
        if (!earlier.isEmpty() && earlier.get(0).length != features.dim()) {
            throw new InvalidSampleException(samples.get(index).describe(index) + " has width " + features.dim() + " for modality '"
                    + modality + "', but the samples before it have width " + earlier.get(0).length);
        }
        return features.toArray();
    }

    Modality first() {
        return first;
    }

    Modality second() {
        return second;
    }

    /** The number of pairs. */
    int size() {
        return firstRows.size();
    }

    /** The first modality's vectors {@code [n][d1]}. */
    float[][] firstRows() {
        return firstRows.toArray(new float[0][]);
    }

    /** The second modality's vectors {@code [n][d2]}. */
    float[][] secondRows() {
        return secondRows.toArray(new float[0][]);
    }
}
