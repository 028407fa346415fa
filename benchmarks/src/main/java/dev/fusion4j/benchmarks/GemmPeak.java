package dev.fusion4j.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fusion4j.internal.tensor.Initializer;
import dev.fusion4j.internal.tensor.ModuleContext;
import dev.fusion4j.internal.tensor.ParameterSpec;
import dev.fusion4j.internal.tensor.Tensor;
import dev.fusion4j.internal.tensor.TensorModule;
import dev.fusion4j.internal.tensor.nd4j.Nd4jModuleRunner;
import java.util.List;
import java.util.Locale;

/**
 * The machine's matrix-product peak, measured in the run that reports against it: the GFLOP/s of
 * a 2048 × 2048 float product (2 · 2048³ FLOPs) on DJL's PyTorch and on ND4J, best of several
 * rounds. The roofline columns of the benchmark tables divide achieved GFLOP/s by these.
 *
 * @param djl GFLOP/s of PyTorch's matmul through DJL
 * @param nd4j GFLOP/s of ND4J's mmul
 */
record GemmPeak(double djl, double nd4j) {
    private static final int SIZE = 2048;
    private static final double FLOPS = 2.0 * SIZE * SIZE * SIZE;

    /** Measures both peaks (about 4 s each). */
    static GemmPeak measure() {
        return new GemmPeak(djlPeak(), nd4jPeak());
    }

    /** GFLOP/s of PyTorch's matmul through DJL. */
    static double djlPeak() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray a = manager.randomNormal(new Shape(SIZE, SIZE));
            NDArray b = manager.randomNormal(new Shape(SIZE, SIZE));
            return best(() -> a.matMul(b).close());
        }
    }

    /**
     * GFLOP/s of ND4J's mmul, run as the fusion operators run on ND4J: a module of one product
     * (summed, so that reading the result back costs little) on an {@link Nd4jModuleRunner}.
     */
    static double nd4jPeak() {
        TensorModule<List<Tensor>> product = new TensorModule<>() {
            @Override
            public List<ParameterSpec> parameters() {
                return List.of(ParameterSpec.of("a", Initializer.normal(1f), SIZE, SIZE),
                        ParameterSpec.of("b", Initializer.normal(1f), SIZE, SIZE));
            }

            @Override
            public Tensor forward(ModuleContext context, List<Tensor> inputs) {
                return context.parameter("a").matmul(context.parameter("b")).sumAll();
            }
        };
        try (Nd4jModuleRunner<List<Tensor>> runner = Nd4jModuleRunner.initialised(product, 1)) {
            return best(() -> runner.forwardValues(backend -> List.of()));
        }
    }

    /** One line for a table's preamble. */
    String describe() {
        return String.format(Locale.ROOT, "GEMM peak measured in this run (2048² float matmul, best of 8 rounds of 0.5 s): "
                + "DJL/PyTorch %.1f GFLOP/s, ND4J %.1f GFLOP/s.", djl, nd4j);
    }

    /** Achieved GFLOP/s of {@code flops} done {@code perSecond} times a second. */
    static double gflops(double flops, double perSecond) {
        return flops * perSecond / 1e9;
    }

    /** "GFLOP/s | % of peak" cells. */
    static String cells(double flops, double perSecond, double peak) {
        double achieved = gflops(flops, perSecond);
        return String.format(Locale.ROOT, "%.1f | %.0f %%", achieved, 100 * achieved / peak);
    }

    private static double best(Runnable product) {
        return Throughput.best(product, 8, 500_000_000L) * FLOPS / 1e9;
    }
}
