package dev.fusion4j.benchmarks;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.Prediction;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * One batch of 32 raw samples ({@link RawSample}) through each encoder of {@link PipelineStages},
 * through the fusion model alone, and end to end — encoders one after another, or concurrently —
 * in batches per second (× 32 for samples per second).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class EncoderBenchmark {
    private static final int BATCH = 32;

    private PipelineStages stages;
    private List<RawSample> batch;
    private List<MultimodalSample> encoded;
    private ExecutorService encoders;

    @Setup(Level.Trial)
    public void setUp() {
        batch = RawSample.generate(BATCH, new Random(5));
        stages = new PipelineStages(batch);
        encoded = PipelineStages.samples(stages.text(batch), stages.audio(batch), stages.image(batch));
        encoders = Executors.newFixedThreadPool(3);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoders.shutdown();
        stages.close();
    }

    @Benchmark
    public List<Features> textMiniLm() {
        return stages.text(batch);
    }

    @Benchmark
    public List<Features> audioKaldiMfcc() {
        return stages.audio(batch);
    }

    @Benchmark
    public List<Features> imageResNet18() {
        return stages.image(batch);
    }

    @Benchmark
    public List<Prediction> fusionPredict() {
        return stages.predict(encoded);
    }

    @Benchmark
    public List<Prediction> endToEndSequential() {
        return stages.sequential(batch);
    }

    @Benchmark
    public List<Prediction> endToEndConcurrentEncoders() {
        return stages.concurrent(batch, encoders);
    }
}
