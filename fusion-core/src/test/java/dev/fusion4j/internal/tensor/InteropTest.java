package dev.fusion4j.internal.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.data.ModalityBatch;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.tensor.djl.DjlBackend;
import dev.fusion4j.internal.tensor.djl.DjlTensor;
import dev.fusion4j.internal.tensor.nd4j.Nd4jBackend;
import dev.fusion4j.internal.tensor.nd4j.Nd4jTensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Collated features as DJL NDArrays and ND4J INDArrays; DJL results and their managers. */
class InteropTest {
    private static final Features SEQUENCE = Features.sequence(new float[][] {{1, 2, 3}, {4, 5, 6}});

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

    /**
     * Two audio sequences of 2 and 1 steps collated: values {@code [2, 2, 3]} in row-major order,
     * the second sample's missing step zero, its padding mask 0 there; both present.
     */
    private static final MultimodalBatch BATCH = MultimodalBatch.collate(List.of(
            MultimodalSample.builder().put(Modality.AUDIO, SEQUENCE).build(),
            MultimodalSample.builder().put(Modality.AUDIO, Features.sequence(new float[][] {{7, 8, 9}})).build()));
    private static final float[] VALUES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0};

    @Test
    void collatedFeaturesKeepTheirLayoutInDjlArrays() {
        ModalityBatch audio = BATCH.modality(Modality.AUDIO);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            DjlBackend backend = DjlBackend.wrap(manager);
            NDArray values = ((DjlTensor) audio.values(backend)).ndArray();
            assertEquals(new Shape(2, 2, 3), values.getShape());
            assertArrayEquals(VALUES, values.toFloatArray());
            assertEquals(6f, values.getFloat(0, 1, 2), "sample 0, step 1, feature 2");
            assertArrayEquals(new float[] {1, 1, 1, 0}, ((DjlTensor) audio.paddingMask(backend)).ndArray().toFloatArray());
            assertArrayEquals(new float[] {1, 1}, ((DjlTensor) audio.presence(backend)).ndArray().toFloatArray());
        }
    }

    @Test
    void collatedFeaturesKeepTheirLayoutInNd4jArrays() {
        ModalityBatch audio = BATCH.modality(Modality.AUDIO);
        Nd4jBackend backend = Nd4jBackend.create();
        INDArray values = ((Nd4jTensor) audio.values(backend)).indArray();
        assertArrayEquals(new long[] {2, 2, 3}, values.shape());
        assertArrayEquals(VALUES, values.dup('c').data().asFloat());
        assertEquals(6f, values.getFloat(0, 1, 2), "sample 0, step 1, feature 2");
        INDArray mask = ((Nd4jTensor) audio.paddingMask(backend)).indArray();
        assertArrayEquals(new long[] {2, 2}, mask.shape());
        assertArrayEquals(new float[] {1, 1, 1, 0}, mask.dup('c').data().asFloat());
        assertArrayEquals(new float[] {1, 1}, ((Nd4jTensor) audio.presence(backend)).indArray().data().asFloat());
    }
}
