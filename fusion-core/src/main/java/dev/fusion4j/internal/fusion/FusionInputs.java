package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import dev.fusion4j.internal.tensor.TensorLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of one batch for a fusion operator: per schema modality its {@link ModalityTensors}.
 * Immutable; {@link #with} derives a variant (modality dropout, imputation). Where a list of
 * tensors is needed (a DJL block's inputs), {@link #layout} packs and unpacks them.
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
        for (Modality modality : schema.modalities()) {
            tensors.put(modality, batch.has(modality)
                    ? ModalityTensors.of(batch.modality(modality), backend)
                    : ModalityTensors.absent(backend, batch.size(), schema.width(modality)));
        }
        return of(schema, tensors);
    }

    /**
     * Inputs made of each schema modality's tensors.
     *
     * @throws IllegalArgumentException if a schema modality has no tensors, or its values are not
     *     {@code [B, T, width]}
     */
    public static FusionInputs of(ModalitySchema schema, Map<Modality, ModalityTensors> tensors) {
        Map<Modality, ModalityTensors> copy = new LinkedHashMap<>();
        for (Modality modality : schema.modalities()) {
            ModalityTensors t = tensors.get(modality);
            if (t == null) {
                throw new IllegalArgumentException("no tensors for modality '" + modality + "' of " + schema.modalities());
            }
            Tensor values = t.values();
            if (values.rank() != 3 || values.size(2) != schema.width(modality)) {
                throw new IllegalArgumentException("values of modality '" + modality + "' must be [B, T, "
                        + schema.width(modality) + "], got " + Arrays.toString(values.shape()));
            }
            copy.put(modality, t);
        }
        return new FusionInputs(schema, copy);
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

    /**
     * Inputs over {@code schema} as a flat list: each modality's {@link ModalityTensors#packed()},
     * in schema order.
     */
    public static TensorLayout<FusionInputs> layout(ModalitySchema schema) {
        return new TensorLayout<>() {
            @Override
            public List<Tensor> pack(FusionInputs inputs) {
                List<Tensor> packed = new ArrayList<>(ModalityTensors.PACKED_SIZE * schema.size());
                for (Modality modality : schema.modalities()) {
                    packed.addAll(inputs.get(modality).packed());
                }
                return packed;
            }

            @Override
            public FusionInputs unpack(List<Tensor> packed) {
                if (packed.size() != ModalityTensors.PACKED_SIZE * schema.size()) {
                    throw new IllegalArgumentException("expected " + ModalityTensors.PACKED_SIZE + " tensors (values, "
                            + "padding, presence) for each of " + schema.modalities() + ", got " + packed.size());
                }
                Map<Modality, ModalityTensors> tensors = new LinkedHashMap<>();
                for (Modality modality : schema.modalities()) {
                    tensors.put(modality, ModalityTensors.unpack(packed, ModalityTensors.PACKED_SIZE * tensors.size()));
                }
                return of(schema, tensors);
            }
        };
    }

    /** The shapes of {@link #layout}'s list for {@code size} samples of one step each. */
    public static List<long[]> packedShapes(ModalitySchema schema, long size) {
        List<long[]> shapes = new ArrayList<>();
        for (Modality modality : schema.modalities()) {
            shapes.addAll(ModalityTensors.packedShapes(size, 1, schema.width(modality)));
        }
        return shapes;
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
