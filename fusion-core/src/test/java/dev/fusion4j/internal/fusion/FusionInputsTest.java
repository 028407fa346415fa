package dev.fusion4j.internal.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.data.ModalityBatch;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import dev.fusion4j.internal.tensor.TensorLayout;
import dev.fusion4j.internal.tensor.nd4j.Nd4jBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flat form of fusion inputs, the one place where a modality's tensors are listed. */
class FusionInputsTest {
    private static final TensorBackend BACKEND = Nd4jBackend.create();

    @Test
    void theLayoutListsValuesPaddingAndPresenceOfEachModalityInSchemaOrderAndUnpacksThem() {
        MultimodalBatch batch = Operators.batch(1);
        FusionInputs inputs = FusionInputs.of(batch, Operators.SCHEMA, BACKEND);
        TensorLayout<FusionInputs> layout = FusionInputs.layout(Operators.SCHEMA);
        List<Tensor> packed = layout.pack(inputs);
        assertEquals(3 * Operators.SCHEMA.size(), packed.size());
        List<long[]> shapes = new ArrayList<>();
        for (int m = 0; m < Operators.SCHEMA.size(); m++) {
            Modality modality = Operators.SCHEMA.modalities().get(m);
            ModalityBatch collated = batch.modality(modality);
            assertArrayEquals(collated.values(), packed.get(3 * m).toFloatArray(), modality + " values");
            assertArrayEquals(collated.paddingMask(), packed.get(3 * m + 1).toFloatArray(), modality + " padding");
            assertArrayEquals(collated.presence(), packed.get(3 * m + 2).toFloatArray(), modality + " presence");
            shapes.addAll(ModalityTensors.packedShapes(batch.size(), collated.maxLength(), collated.dim()));
        }
        for (int i = 0; i < packed.size(); i++) {
            assertArrayEquals(shapes.get(i), packed.get(i).shape(), "tensor " + i);
        }
        FusionInputs unpacked = layout.unpack(packed);
        for (Modality modality : Operators.SCHEMA.modalities()) {
            assertSame(inputs.get(modality).values(), unpacked.get(modality).values());
            assertSame(inputs.get(modality).presence(), unpacked.get(modality).presence());
        }
    }

    @Test
    void aListThatDoesNotFitTheSchemaIsRefusedNamingWhatIsWrong() {
        TensorLayout<FusionInputs> layout = FusionInputs.layout(Operators.SCHEMA);
        List<Tensor> packed = layout.pack(FusionInputs.of(Operators.batch(2), Operators.SCHEMA, BACKEND));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> layout.unpack(packed.subList(0, 8)));
        assertTrue(count.getMessage().contains("got 8"), count.getMessage());
        List<Tensor> swapped = new ArrayList<>(packed);
        swapped.set(0, packed.get(3));   // audio's values where text's belong
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () -> layout.unpack(swapped));
        assertTrue(width.getMessage().contains("'text'") && width.getMessage().contains("[B, T, 5]"),
                width.getMessage());
    }

    @Test
    void anAbsentModalityIsOneZeroStepPerSample() {
        ModalityTensors absent = ModalityTensors.absent(BACKEND, 2, 3);
        assertArrayEquals(new long[] {2, 1, 3}, absent.values().shape());
        assertArrayEquals(new float[6], absent.values().toFloatArray());
        assertArrayEquals(new float[2], absent.paddingMask().toFloatArray());
        assertArrayEquals(new float[2], absent.presence().toFloatArray());
        assertEquals(ModalityTensors.PACKED_SIZE, absent.packed().size());
    }
}
