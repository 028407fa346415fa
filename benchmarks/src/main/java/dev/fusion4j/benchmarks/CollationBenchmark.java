package dev.fusion4j.benchmarks;

import ai.djl.ndarray.NDManager;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.fusion.FusionInputs;
import dev.fusion4j.internal.tensor.djl.DjlBackend;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Collation of 64 samples (three modalities, 25–50 steps of width 128, as in
 * {@link FusionOperatorBenchmark}) into a padded, masked batch, and on into DJL tensors, in
 * batches per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CollationBenchmark {
    private List<MultimodalSample> samples;
    private MultimodalBatch batch;
    private NDManager manager;

    @Setup(Level.Trial)
    public void setUp() {
        samples = FusionOperatorBenchmark.randomSamples(new Random(1));
        batch = MultimodalBatch.collate(samples, FusionOperatorBenchmark.SCHEMA.widths());
        manager = NDManager.newBaseManager("PyTorch");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public MultimodalBatch collate() {
        return MultimodalBatch.collate(samples, FusionOperatorBenchmark.SCHEMA.widths());
    }

    @Benchmark
    public int toDjlTensors() {
        try (NDManager pass = manager.newSubManager()) {
            return (int) FusionInputs.of(batch, FusionOperatorBenchmark.SCHEMA, DjlBackend.wrap(pass)).batchSize();
        }
    }
}
