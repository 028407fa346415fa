package dev.fusion4j.benchmarks;

import ai.djl.ndarray.NDManager;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.fusion.AttentionSumFusion;
import dev.fusion4j.internal.fusion.ConcatMlpFusion;
import dev.fusion4j.internal.fusion.CrossModalAttentionFusion;
import dev.fusion4j.internal.fusion.FusionInputs;
import dev.fusion4j.internal.fusion.FusionOperator;
import dev.fusion4j.internal.fusion.GatedFusion;
import dev.fusion4j.internal.fusion.IntermediateFusion;
import dev.fusion4j.internal.fusion.LowRankFusion;
import dev.fusion4j.internal.fusion.ModalitySchema;
import dev.fusion4j.internal.fusion.SelfAttentionFusion;
import dev.fusion4j.internal.fusion.SumFusion;
import dev.fusion4j.internal.fusion.TensorFusion;
import dev.fusion4j.internal.fusion.VectorFusion;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fusion operators at B = 64, T ≤ 50 (lengths 25–50, so masks matter), input width 128, three
 * modalities, shared width d = 128 (TFN: d = 16, since its output is (d + 1)³ wide): DJL forward,
 * DJL forward + backward, and ND4J forward with the same parameters, in batches per second.
 * {@link BackendComparison} reports the same passes with their FLOPs and fraction of the GEMM peak.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class FusionOperatorBenchmark {
    static final int BATCH = 64;
    static final int STEPS = 50;
    static final int WIDTH = 128;
    static final ModalitySchema SCHEMA = ModalitySchema.builder()
            .add(Modality.TEXT, WIDTH).add(Modality.AUDIO, WIDTH).add(Modality.IMAGE, WIDTH).build();

    @Param({"sum", "concat-mlp", "attention-sum", "gmu", "tfn", "lmf", "cross-attention", "self-attention"})
    public String operator;

    private OperatorHarness harness;

    @Setup(Level.Trial)
    public void setUp() {
        harness = new OperatorHarness(operator, randomBatch(new Random(1)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        harness.close();
    }

    @Benchmark
    public float djlForward() {
        try (NDManager pass = harness.newPass()) {
            return harness.djlForward(pass, false).getFloat(0, 0);
        }
    }

    @Benchmark
    public float djlForwardBackward() {
        try (NDManager pass = harness.newPass()) {
            return harness.djlTrainingStep(pass);
        }
    }

    @Benchmark
    public float nd4jForward() {
        return harness.nd4j().forwardValues(backend -> FusionInputs.of(harness.batch(), SCHEMA, backend))[0];
    }

    static FusionOperator create(String name) {
        return switch (name) {
            case "sum" -> intermediate(SumFusion.factory(), WIDTH);
            case "concat-mlp" -> intermediate(ConcatMlpFusion.factory(0.1f, 256, 128), WIDTH);
            case "attention-sum" -> intermediate(AttentionSumFusion.factory(64), WIDTH);
            case "gmu" -> intermediate(GatedFusion.factory(), WIDTH);
            case "tfn" -> intermediate(TensorFusion.factory(), 16);
            case "lmf" -> intermediate(LowRankFusion.factory(4, 128), WIDTH);
            case "cross-attention" -> CrossModalAttentionFusion.builder(SCHEMA).width(WIDTH).heads(8).layers(1)
                    .dropout(0.1f).build();
            case "self-attention" -> SelfAttentionFusion.of(SCHEMA, WIDTH, 8, 1, 0.1f);
            default -> throw new IllegalArgumentException("unknown operator " + name);
        };
    }

    private static FusionOperator intermediate(VectorFusion.Factory combine, int width) {
        return IntermediateFusion.builder(SCHEMA).width(width).combine(combine).build();
    }

    static MultimodalBatch randomBatch(Random random) {
        return MultimodalBatch.collate(randomSamples(random), SCHEMA.widths());
    }

    /** {@link #BATCH} samples, each modality with 25–50 steps of width {@link #WIDTH}. */
    static List<MultimodalSample> randomSamples(Random random) {
        List<MultimodalSample> samples = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            MultimodalSample.Builder builder = MultimodalSample.builder();
            for (Modality modality : SCHEMA.modalities()) {
                int steps = STEPS / 2 + random.nextInt(STEPS / 2 + 1);
                float[] values = new float[steps * WIDTH];
                for (int j = 0; j < values.length; j++) {
                    values[j] = (float) random.nextGaussian();
                }
                builder.put(modality, Features.sequence(values, steps, WIDTH));
            }
            samples.add(builder.build());
        }
        return samples;
    }
}
