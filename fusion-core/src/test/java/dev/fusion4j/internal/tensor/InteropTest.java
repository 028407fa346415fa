package dev.fusion4j.internal.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidFeaturesException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.fusion.ModalityTensors;
import dev.fusion4j.internal.tensor.djl.DjlArrays;
import dev.fusion4j.internal.tensor.djl.DjlBackend;
import dev.fusion4j.internal.tensor.djl.DjlTensor;
import dev.fusion4j.internal.tensor.nd4j.Nd4jArrays;
import dev.fusion4j.internal.tensor.nd4j.Nd4jBackend;
import dev.fusion4j.internal.tensor.nd4j.Nd4jTensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Features and batches to and from DJL NDArrays and ND4J INDArrays. */
class InteropTest {
    private static final Features SEQUENCE = Features.sequence(new float[][] {{1, 2, 3}, {4, 5, 6}});

    @Test
    void featuresRoundTripThroughDjl() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray array = DjlArrays.toNDArray(SEQUENCE, manager);
            assertEquals(new Shape(2, 3), array.getShape());
            assertArrayEquals(SEQUENCE.toArray(), array.toFloatArray());
            assertEquals(SEQUENCE, DjlArrays.toFeatures(array));
            assertEquals(new Shape(2), DjlArrays.toNDArray(Features.vector(1, 2), manager).getShape());
            assertEquals(Features.vector(1, 2), DjlArrays.toFeatures(manager.create(new int[] {1, 2})));
            assertThrows(InvalidFeaturesException.class, () -> DjlArrays.toFeatures(manager.zeros(new Shape(1, 2, 3))));
            assertThrows(InvalidFeaturesException.class,
                    () -> DjlArrays.toFeatures(manager.create(new float[] {1, Float.NaN})));
        }
    }

    @Test
    void featuresRoundTripThroughNd4j() {
        INDArray array = Nd4jArrays.toINDArray(SEQUENCE);
        assertArrayEquals(new long[] {2, 3}, array.shape());
        assertEquals(6f, array.getFloat(1, 2));
        assertEquals(SEQUENCE, Nd4jArrays.toFeatures(array));
        assertEquals(Features.vector(4, 5, 6), Nd4jArrays.toFeatures(array.getRow(1)));
        assertEquals(SEQUENCE, Nd4jArrays.toFeatures(array.transpose().transpose()));
        assertThrows(InvalidFeaturesException.class, () -> Nd4jArrays.toFeatures(Nd4j.zeros(1, 2, 3)));
    }

    @Test
    void djlResultsBelongToTheBackendManagerEvenWhenTheLeftOperandIsNot() {
        try (NDManager parameters = NDManager.newBaseManager("PyTorch")) {
            NDArray weight = parameters.create(new float[] {1, 2}, new Shape(1, 2));
            NDArray result;
            try (NDManager pass = parameters.newSubManager()) {
                DjlBackend backend = DjlBackend.wrap(pass);
                Tensor product = backend.wrap(weight).mul(backend.fromArray(new float[] {3}, 1));
                result = ((DjlTensor) product).ndArray();
                assertEquals(pass, result.getManager());
                assertArrayEquals(new float[] {3, 6}, product.toFloatArray());
            }
            assertTrue(result.isReleased(), "closing the pass's manager frees its results");
            assertFalse(weight.isReleased());
        }
    }

    @Test
    void collatedModalityConvertsToArraysOfBothBackends() {
        MultimodalBatch batch = MultimodalBatch.collate(List.of(
                MultimodalSample.builder().put(Modality.AUDIO, SEQUENCE).build(),
                MultimodalSample.builder().put(Modality.AUDIO, Features.sequence(new float[][] {{7, 8, 9}})).build()));
        float[] expected = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0};
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ModalityTensors djl = ModalityTensors.of(batch.modality(Modality.AUDIO), DjlBackend.wrap(manager));
            NDArray values = ((DjlTensor) djl.values()).ndArray();
            assertEquals(new Shape(2, 2, 3), values.getShape());
            assertArrayEquals(expected, values.toFloatArray());
            assertArrayEquals(new float[] {1, 1, 1, 0}, djl.paddingMask().toFloatArray());
            assertArrayEquals(new float[] {1, 1}, djl.presence().toFloatArray());
        }
        ModalityTensors nd4j = ModalityTensors.of(batch.modality(Modality.AUDIO), Nd4jBackend.create());
        INDArray values = ((Nd4jTensor) nd4j.values()).indArray();
        assertArrayEquals(new long[] {2, 2, 3}, values.shape());
        assertArrayEquals(expected, values.data().asFloat());
        assertArrayEquals(new long[] {2, 2}, nd4j.paddingMask().shape());
    }
}
