package dev.fusion4j.fusion;

import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.data.ModalityBatch;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of one batch for a fusion operator: per schema modality its values, padding mask and
 * presence mask. Immutable; {@link #with} derives a variant (modality dropout, imputation).
 */
public final class FusionInputs {
    private final ModalitySchema schema;
    private final Map<Modality, ModalityTensors> tensors;

    private FusionInputs(ModalitySchema schema, Map<Modality, ModalityTensors> tensors) {
        this.schema = schema;
        this.tensors = tensors;
    }

    /**
     * The tensors of {@code batch} on {@code backend}; a schema modality the batch lacks is all
     * absent.
     *
     * @throws IllegalArgumentException if a modality's width differs from the schema's
     * @throws InvalidSampleException if a sample has none of the schema's modalities
     */
    public static FusionInputs of(MultimodalBatch batch, ModalitySchema schema, TensorBackend backend) {
        requireEverySampleHasAModality(batch, schema);
        Map<Modality, ModalityTensors> tensors = new LinkedHashMap<>();
        int size = batch.size();
        for (Modality modality : schema.modalities()) {
            int width = schema.width(modality);
            if (batch.has(modality)) {
                ModalityBatch m = batch.modality(modality);
                if (m.dim() != width) {
                    throw new IllegalArgumentException("modality '" + modality + "' has width " + m.dim()
                            + " in the batch but " + width + " in the schema");
                }
                tensors.put(modality, new ModalityTensors(m.values(backend), m.paddingMask(backend),
                        m.presence(backend)));
            } else {
                tensors.put(modality, new ModalityTensors(backend.zeros(size, 1, width), backend.zeros(size, 1),
                        backend.zeros(size)));
            }
        }
        return new FusionInputs(schema, tensors);
    }

    private static void requireEverySampleHasAModality(MultimodalBatch batch, ModalitySchema schema) {
        for (int i = 0; i < batch.size(); i++) {
            boolean any = false;
            for (Modality modality : schema.modalities()) {
                any |= batch.has(modality) && batch.modality(modality).isPresent(i);
            }
            if (!any) {
                throw new InvalidSampleException("sample '" + batch.sampleNames().get(i) + "' has none of the modalities "
                        + schema.modalities() + "; fusion needs at least one");
            }
        }
    }

    /** Rebuilds inputs from {@link #flatten()}'s list. */
    public static FusionInputs unflatten(ModalitySchema schema, List<Tensor> flat) {
        if (flat.size() != 3 * schema.size()) {
            throw new IllegalArgumentException("expected 3 tensors (values, padding, presence) for each of "
                    + schema.modalities() + ", got " + flat.size());
        }
        Map<Modality, ModalityTensors> tensors = new LinkedHashMap<>();
        List<Modality> modalities = schema.modalities();
        for (int m = 0; m < modalities.size(); m++) {
            Tensor values = flat.get(3 * m);
            if (values.rank() != 3 || values.size(2) != schema.width(modalities.get(m))) {
                throw new IllegalArgumentException("values of modality '" + modalities.get(m) + "' must be [B, T, "
                        + schema.width(modalities.get(m)) + "], got " + Arrays.toString(values.shape()));
            }
            tensors.put(modalities.get(m), new ModalityTensors(values, flat.get(3 * m + 1), flat.get(3 * m + 2)));
        }
        return new FusionInputs(schema, tensors);
    }

    /** Values, padding mask and presence of each modality in schema order. */
    public List<Tensor> flatten() {
        List<Tensor> flat = new ArrayList<>(3 * tensors.size());
        for (ModalityTensors t : tensors.values()) {
            flat.add(t.values());
            flat.add(t.paddingMask());
            flat.add(t.presence());
        }
        return flat;
    }

    public ModalitySchema schema() {
        return schema;
    }

    /** B. */
    public long batchSize() {
        return tensors.values().iterator().next().presence().size(0);
    }

    public ModalityTensors get(Modality modality) {
        ModalityTensors t = tensors.get(modality);
        if (t == null) {
            throw new IllegalArgumentException("modality '" + modality + "' is not in the schema " + schema.modalities());
        }
        return t;
    }

    /** These inputs with one modality's tensors replaced. */
    public FusionInputs with(Modality modality, ModalityTensors replacement) {
        get(modality);
        Map<Modality, ModalityTensors> copy = new LinkedHashMap<>(tensors);
        copy.put(modality, replacement);
        return new FusionInputs(schema, copy);
    }
}
