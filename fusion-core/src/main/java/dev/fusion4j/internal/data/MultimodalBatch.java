package dev.fusion4j.internal.data;

import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.List;
import java.util.Map;

/**
 * Samples collated for a model: per modality a padded {@link ModalityBatch}, plus the labels when
 * every sample has one (and they were collated: {@link #collateFeatures} leaves them out). Collation is the only place where padding happens. Immutable.
 *
 * <pre>{@code
 * MultimodalBatch batch = MultimodalBatch.collate(samples);
 * ModalityBatch audio = batch.modality(Modality.AUDIO);   // [B, T_max, d] + masks
 * }</pre>
 */
public final class MultimodalBatch {
    private final List<String> sampleNames;
    private final Map<Modality, ModalityBatch> modalities;
    private final BatchLabels labels;

    MultimodalBatch(List<String> sampleNames, Map<Modality, ModalityBatch> modalities, BatchLabels labels) {
        this.sampleNames = List.copyOf(sampleNames);
        this.modalities = modalities;
        this.labels = labels;
    }

    /**
     * Collates samples; the modalities are those present in any sample (in order of first
     * appearance) and each width is taken from the first sample that has it.
     *
     * @throws CollationException if the list is empty, widths differ inside a modality, one
     *     modality mixes vectors and sequences, labels are mixed, or the batch is too large
     */
    public static MultimodalBatch collate(List<MultimodalSample> samples) {
        return new Collator(Map.of(), true).collate(samples);
    }

    /**
     * Collates samples against a fixed schema of modality widths: every schema modality gets a
     * tensor, even when all samples miss it, and a modality outside the schema is an error.
     *
     * @throws CollationException as {@link #collate(List)}, and for modalities outside the schema
     */
    public static MultimodalBatch collate(List<MultimodalSample> samples, Map<Modality, Integer> widths) {
        return new Collator(requireModalities(widths), true).collate(samples);
    }

    /**
     * Collates the samples' features against a fixed schema as {@link #collate(List, Map)} does,
     * ignoring labels: labelled and unlabelled samples mix, and the batch has no labels. For
     * prediction.
     *
     * @throws CollationException as {@link #collate(List, Map)}, except for labels
     */
    public static MultimodalBatch collateFeatures(List<MultimodalSample> samples, Map<Modality, Integer> widths) {
        return new Collator(requireModalities(widths), false).collate(samples);
    }

    private static Map<Modality, Integer> requireModalities(Map<Modality, Integer> widths) {
        if (widths.isEmpty()) {
            throw new IllegalArgumentException("the schema names no modality");
        }
        return widths;
    }

    /** B, the number of samples. */
    public int size() {
        return sampleNames.size();
    }

    /** Each sample's id, or {@code #index} for samples without one. */
    public List<String> sampleNames() {
        return sampleNames;
    }

    /** The modalities of this batch: in name order for a schema, else in order of first appearance. */
    public List<Modality> modalities() {
        return List.copyOf(modalities.keySet());
    }

    /** Whether this batch has a tensor for {@code modality}. */
    public boolean has(Modality modality) {
        return modalities.containsKey(modality);
    }

    /**
     * The collated tensor and masks of one modality.
     *
     * @throws IllegalArgumentException if the batch has no such modality
     */
    public ModalityBatch modality(Modality modality) {
        ModalityBatch batch = modalities.get(modality);
        if (batch == null) {
            throw new IllegalArgumentException("this batch has no modality '" + modality + "'; it has "
                    + modalities.keySet());
        }
        return batch;
    }

    /** Whether every sample has a label (then {@link #labels()} is available). */
    public boolean hasLabels() {
        return labels != null;
    }

    /**
     * The labels.
     *
     * @throws IllegalStateException if the samples had no labels
     */
    public BatchLabels labels() {
        if (labels == null) {
            throw new IllegalStateException("the samples of this batch have no labels");
        }
        return labels;
    }

    /** The labels as a tensor: {@code [B]} class indices, or {@code [B, k]} values. */
    public Tensor labels(TensorBackend backend) {
        BatchLabels l = labels();
        return l.isClass()
                ? backend.fromArray(l.classesAsFloats(), size())
                : backend.fromArray(l.values(), size(), l.width());
    }

    @Override
    public String toString() {
        return "MultimodalBatch[" + size() + " samples, " + modalities.values() + "]";
    }
}
