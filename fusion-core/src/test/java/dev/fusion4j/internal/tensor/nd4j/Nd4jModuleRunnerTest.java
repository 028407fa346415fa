package dev.fusion4j.internal.tensor.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.internal.tensor.FixedModuleContext;
import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorBackend;
import dev.fusion4j.internal.tensor.TensorModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A runner's kept passes: exact for every input shape, caller and budget, allocation-free once shapes repeat. */
class Nd4jModuleRunnerTest {
    private static final long SEED = 5;
    private static final int WIDTH = 3;

    /** Attention-like pooling of a {@code [1, T, 3]} sequence, so each length T is a new set of shapes. */
    private static final TensorModule<List<Tensor>> POOLING = new TensorModule<>() {
        @Override
        public List<ParameterSpec> parameters() {
            return List.of(ParameterSpec.of("w", Initializer.xavierUniform(), WIDTH, 1));
        }

        @Override
        public Tensor forward(ModuleContext context, List<Tensor> inputs) {
            Tensor x = inputs.get(0);
            Tensor weights = x.matmul(context.parameter("w")).softmax(1);
            return x.mul(weights).sum(1, false).tanh();
        }
    };

    private final Nd4jModuleRunner<List<Tensor>> runner = Nd4jModuleRunner.initialised(POOLING, SEED);
    private final Map<String, Tensor> parameters = oneOffParameters();

    @Test
    void morePassShapesThanAnArenaKeepsStillGiveOneOffResults() {
        Random random = new Random(1);
        for (int round = 0; round < 3; round++) {
            for (int length = 1; length <= Nd4jArena.VARIANTS + 3; length++) {
                float[] x = values(random, length);
                assertArrayEquals(oneOff(x, length), run(x, length), 0f, "round " + round + ", T = " + length);
            }
        }
    }

    @Test
    void passesOverSeenShapesCreateNoNd4jObject() {
        Random random = new Random(2);
        for (int length = 1; length <= Nd4jArena.VARIANTS; length++) {
            run(values(random, length), length);
        }
        long before = Nd4j.getDeallocatorService().nextValue();
        for (int pass = 0; pass < 100; pass++) {
            int length = 1 + pass % Nd4jArena.VARIANTS;
            run(values(random, length), length);
        }
        assertEquals(0, Nd4j.getDeallocatorService().nextValue() - before - 1);
    }

    @Test
    void stepsOverAnArenasBudgetRunOnceAndStayExact() {
        Nd4jArena arena = new Nd4jArena(1024);
        Nd4jBackend backend = Nd4jBackend.reusing(arena);
        Map<String, Tensor> own = new LinkedHashMap<>();
        parameters.forEach((name, value) -> own.put(name, backend.fromArray(value.toFloatArray(), value.shape())));
        ModuleContext context = FixedModuleContext.inference(backend, own);
        Random random = new Random(3);
        long created = 0;
        for (int pass = 0; pass < 3; pass++) {
            float[] x = values(random, 40);
            arena.rewind();
            long before = Nd4j.getDeallocatorService().nextValue();
            float[] out = POOLING.forward(context, List.of(backend.fromArray(x, 1, 40, WIDTH))).toFloatArray();
            created = Nd4j.getDeallocatorService().nextValue() - before - 1;
            assertArrayEquals(oneOff(x, 40), out, 0f, "pass " + pass);
        }
        assertTrue(created > 0, "a pass whose arrays (over 1 KiB) do not fit is not kept");
    }

    @Test
    void closingAnArenaFreesTheArraysOfItsKeptStepsAtOnce() {
        Nd4jArena arena = new Nd4jArena();
        Nd4jBackend backend = Nd4jBackend.reusing(arena);
        Map<String, Tensor> own = new LinkedHashMap<>();
        parameters.forEach((name, value) -> own.put(name, backend.fromArray(value.toFloatArray(), value.shape())));
        ModuleContext context = FixedModuleContext.inference(backend, own);
        arena.rewind();
        INDArray input = ((Nd4jTensor) backend.fromArray(values(new Random(4), 3), 1, 3, WIDTH)).indArray();
        INDArray output = ((Nd4jTensor) POOLING.forward(context, List.of(new Nd4jTensor(backend, input))))
                .indArray();
        assertFalse(input.wasClosed() || output.wasClosed());
        arena.close();
        assertTrue(input.wasClosed(), "the kept input array is freed");
        assertTrue(output.wasClosed(), "the kept output array is freed");
    }

    @Test
    void aClosedRunnerRefusesCallsAndClosingTwiceIsHarmless() {
        Nd4jModuleRunner<List<Tensor>> closing = Nd4jModuleRunner.initialised(POOLING, SEED);
        float[] x = values(new Random(5), 2);
        assertArrayEquals(oneOff(x, 2), closing.forwardValues(backend -> List.of(backend.fromArray(x, 1, 2, WIDTH))));
        closing.close();
        closing.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> closing.forwardValues(backend -> List.of(backend.fromArray(x, 1, 2, WIDTH))));
        assertEquals("this ND4J runner is closed", e.getMessage());
    }

    @Test
    void concurrentCallersGetTheirOwnPasses() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int pass = 0; pass < 200; pass++) {
                        int length = 1 + random.nextInt(5);
                        float[] x = values(random, length);
                        assertArrayEquals(oneOff(x, length), run(x, length), 0f);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private float[] run(float[] x, int length) {
        return runner.forwardValues(backend -> List.of(backend.fromArray(x, 1, length, WIDTH)));
    }

    private float[] oneOff(float[] x, int length) {
        TensorBackend backend = Nd4jBackend.create();
        return POOLING.forward(FixedModuleContext.inference(backend, parameters),
                List.of(backend.fromArray(x, 1, length, WIDTH))).toFloatArray();
    }

    private static Map<String, Tensor> oneOffParameters() {
        TensorBackend backend = Nd4jBackend.create();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (ParameterSpec spec : POOLING.parameters()) {
            out.put(spec.name(), backend.fromArray(spec.initialValues(SEED), spec.shapeArray()));
        }
        return out;
    }

    private static float[] values(Random random, int length) {
        float[] x = new float[length * WIDTH];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
