package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.fusion4j.train.TrainingOptions;

import ai.djl.ndarray.NDManager;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.testing.SyntheticDatasets;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
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
 * arrays a manager holds. Closing a predictor frees its native memory at once.
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

    @Test
    void nd4jPredictionsMakeNoNd4jBufferOrOpContextAfterWarmUp() {
        try (Predictor nd4j = model.newPredictor(Backend.ND4J)) {
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
    }

    @Test
    void djlPredictionsLeaveNoArrayBehind() {
        try (Predictor djl = model.newPredictor()) {
            predictEach(djl);
            int arrays = liveDjlArrays();
            soak(djl, DJL_PREDICTIONS);
            assertEquals(arrays, liveDjlArrays(), "live DJL arrays after " + DJL_PREDICTIONS + " predictions");
        }
    }

    /**
     * A predictor's parameters are the engine's live arrays while it is open and gone once it is
     * closed, however often predictors come and go.
     */
    @Test
    void closingADjlPredictorFreesItsArrays() {
        int before = liveDjlArrays();
        for (int cycle = 0; cycle < 20; cycle++) {
            Predictor predictor = model.newPredictor();
            predictor.predict(PROBES.get(cycle));
            assertTrue(liveDjlArrays() >= before + model.parameters().size(),
                    "an open predictor holds the model's " + model.parameters().size() + " parameters");
            predictor.close();
            assertEquals(before, liveDjlArrays(), "live DJL arrays after closing predictor " + cycle);
            assertThrows(IllegalStateException.class, () -> predictor.predict(PROBES.get(0)));
        }
    }

    /**
     * Closing an ND4J predictor frees its parameters and the arrays its arena kept at once, without
     * waiting for the garbage collector (which could only free more).
     */
    @Test
    void closingAnNd4jPredictorFreesItsArraysAtOnce() {
        long parameterBytes = Float.BYTES * model.parameters().values().stream().mapToLong(v -> v.length).sum();
        for (int cycle = 0; cycle < 5; cycle++) {
            Predictor predictor = model.newPredictor(Backend.ND4J);
            predictEach(predictor);
            long open = Nd4j.getEnvironment().getDeviceCouner(0);
            predictor.close();
            long freed = open - Nd4j.getEnvironment().getDeviceCouner(0);
            assertTrue(freed > parameterBytes, "closing freed " + freed + " bytes; the parameters alone take "
                    + parameterBytes);
            assertThrows(IllegalStateException.class, () -> predictor.predict(PROBES.get(0)));
        }
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

    /** The arrays of every open manager of the PyTorch engine (its managers hang off one root). */
    private static int liveDjlArrays() {
        try (NDManager probe = NDManager.newBaseManager("PyTorch")) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }
}
