package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.testing.SyntheticDatasets;
import java.lang.reflect.Field;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Single-sample predictions of a cross-attention model leave nothing behind once warmed up (issue
 * 11: ND4J's native memory grew by 416 MB per 10 000, as about 760 ND4J buffers and op contexts
 * per prediction waited for the garbage collector). The counts are exact, unlike RSS or timing:
 * every ND4J buffer and op context takes a number from ND4J's deallocator service when made, libnd4j
 * counts the bytes of the buffers it holds and JavaCPP those of its pointers (both may fall while
 * the collector frees earlier tests' garbage, never rise without an allocation), and DJL lists the
 * arrays a manager holds.
 */
class PredictionMemoryTest {
    /** Enough to show a leak of one object per prediction; exact counts need no more. */
    private static final int ND4J_PREDICTIONS = 2000;
    private static final int DJL_PREDICTIONS = 500;
    /** Cycled through by the soak; their 5 input shapes (audio of 3–6 frames or none) fit a runner's 8. */
    private static final List<MultimodalSample> PROBES = SyntheticDatasets.twoBits(50, 12, 0.2);

    private static FusionModel model;

    @BeforeAll
    static void train() {
        model = FusionSpec.builder()
                .modality(Modality.TEXT, SyntheticDatasets.TEXT_WIDTH)
                .modality(Modality.AUDIO, SyntheticDatasets.AUDIO_WIDTH)
                .fusion(Fusion.intermediate().width(16).crossAttention(2, 1))
                .head(Head.classification(SyntheticDatasets.TWO_BIT_LABELS.toArray(new String[0])))
                .build()
                .train(SyntheticDatasets.twoBits(100, 11, 0.1), List.of(),
                        TrainingOptions.builder().epochs(1).progress(false).build());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void nd4jPredictionsMakeNoNd4jBufferOrOpContextAfterWarmUp() {
        Predictor nd4j = model.onNd4j();
        predictEach(nd4j);
        long handles = Nd4j.getDeallocatorService().nextValue();
        long nativeBytes = Nd4j.getEnvironment().getDeviceCouner(0);
        long pointerBytes = Pointer.totalBytes();
        soak(nd4j, ND4J_PREDICTIONS);
        assertEquals(0, Nd4j.getDeallocatorService().nextValue() - handles - 1,
                "ND4J buffers and op contexts made by " + ND4J_PREDICTIONS + " predictions");
        assertNoGrowth("bytes of libnd4j buffers", nativeBytes, Nd4j.getEnvironment().getDeviceCouner(0));
        assertNoGrowth("bytes of JavaCPP pointers", pointerBytes, Pointer.totalBytes());
    }

    @Test
    void askingForTheNd4jPredictorPerRequestReusesTheModelsRunner() {
        predictEach(model.onNd4j());
        long handles = Nd4j.getDeallocatorService().nextValue();
        for (MultimodalSample probe : PROBES) {
            model.onNd4j().predict(probe);
        }
        assertEquals(0, Nd4j.getDeallocatorService().nextValue() - handles - 1,
                "ND4J objects made by " + PROBES.size() + " requests that each called onNd4j()");
    }

    @Test
    void djlPredictionsLeaveNoArrayOnTheModelsManager() throws ReflectiveOperationException {
        predictEach(model);
        NDManager manager = inferenceManager(model);
        int parameters = manager.getManagedArrays().size();
        soak(model, DJL_PREDICTIONS);
        assertEquals(parameters, manager.getManagedArrays().size(),
                "arrays on the inference manager and its sub-managers after " + DJL_PREDICTIONS + " predictions");
    }

    private static void assertNoGrowth(String what, long before, long after) {
        assertTrue(after <= before, what + " grew from " + before + " to " + after);
    }

    private static void predictEach(Predictor predictor) {
        PROBES.forEach(predictor::predict);
    }

    private static void soak(Predictor predictor, int predictions) {
        for (int i = 0; i < predictions; i++) {
            predictor.predict(PROBES.get(i % PROBES.size()));
        }
    }

    /** The model's long-lived DJL manager, found by type: FusionModel → DjlInference → NDManager. */
    private static NDManager inferenceManager(FusionModel model) throws ReflectiveOperationException {
        Object inference = fieldOfType(model, DjlInference.class);
        return (NDManager) fieldOfType(inference, NDManager.class);
    }

    private static Object fieldOfType(Object owner, Class<?> type) throws ReflectiveOperationException {
        for (Field field : owner.getClass().getDeclaredFields()) {
            if (type.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                return field.get(owner);
            }
        }
        throw new NoSuchFieldException(owner.getClass().getSimpleName() + " has no " + type.getSimpleName() + " field");
    }
}
