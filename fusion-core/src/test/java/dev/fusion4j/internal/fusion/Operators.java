package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.data.MultimodalBatch;
import dev.fusion4j.internal.nn.Activation;
import dev.fusion4j.model.MissingModality;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Every fusion operator, configured small, and a batch with padding and missing modalities. */
final class Operators {
    static final Modality LIDAR = Modality.of("lidar");
    static final ModalitySchema SCHEMA = ModalitySchema.builder()
            .add(Modality.TEXT, 5).add(Modality.AUDIO, 3).add(LIDAR, 4).build();
    static final int CLASSES = 3;

    private Operators() {
    }

    /** Samples of lengths 1–5 per modality; sample 1 lacks audio, sample 2 has only lidar. */
    static List<MultimodalSample> samples(long seed) {
        Random random = new Random(seed);
        List<MultimodalSample> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MultimodalSample.Builder builder = MultimodalSample.builder().id("s" + i).label(i % CLASSES);
            if (i != 2) {
                builder.put(Modality.TEXT, sequence(random, 1 + random.nextInt(5), 5));
            }
            if (i != 1 && i != 2) {
                builder.put(Modality.AUDIO, sequence(random, 1 + random.nextInt(5), 3));
            }
            builder.put(LIDAR, sequence(random, 1 + random.nextInt(5), 4));
            samples.add(builder.build());
        }
        return samples;
    }

    static MultimodalBatch batch(long seed) {
        return MultimodalBatch.collate(samples(seed), SCHEMA.widths());
    }

    private static Features sequence(Random random, int steps, int width) {
        float[][] rows = new float[steps][width];
        for (float[] row : rows) {
            for (int j = 0; j < width; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return Features.sequence(rows);
    }

    private static Arguments op(String name, boolean differentiable, Supplier<FusionOperator> operator) {
        return Arguments.of(name, differentiable, operator);
    }

    private static Supplier<FusionOperator> intermediate(VectorFusion.Factory combine, int width) {
        return () -> IntermediateFusion.builder(SCHEMA).width(width).projection(true, Activation.GELU)
                .combine(combine).build();
    }

    static Stream<Arguments> all() {
        return Stream.of(
                op("early concat", true, () -> EarlyFusion.concat(SCHEMA)),
                op("early standardised, learned null", true, () -> new EarlyFusion(SCHEMA,
                        InputStatistics.fit(samples(99), SCHEMA), MissingModality.LEARNED_NULL)),
                op("sum", true, intermediate(SumFusion.factory(), 6)),
                op("concat + MLP", true, intermediate(ConcatMlpFusion.factory(0f, 8, 4), 6)),
                op("attention sum", true, intermediate(AttentionSumFusion.factory(5), 6)),
                op("GMU", true, intermediate(GatedFusion.factory(), 6)),
                op("TFN", true, intermediate(TensorFusion.factory(), 2)),
                op("LMF", true, intermediate(LowRankFusion.factory(3, 4), 6)),
                op("cross-modal attention", true, () -> CrossModalAttentionFusion.builder(SCHEMA)
                        .width(8).heads(2).layers(2).dropout(0f).build()),
                op("self-attention", true, () -> SelfAttentionFusion.of(SCHEMA, 8, 2, 2, 0f)),
                op("late mean", true, () -> new LateFusion(SCHEMA, CLASSES, Combiners.mean())),
                op("late weighted", true, () -> new LateFusion(SCHEMA, CLASSES, Combiners.weighted(1, 2, 3))),
                op("late learned weights", true, () -> new LateFusion(SCHEMA, CLASSES, Combiners.learnedWeights())),
                op("late max", false, () -> new LateFusion(SCHEMA, CLASSES, Combiners.max())),
                op("late majority vote", false, () -> new LateFusion(SCHEMA, CLASSES, Combiners.majorityVote())),
                op("late product of experts", true, () -> new LateFusion(SCHEMA, CLASSES, Combiners.productOfExperts())),
                op("late stacker", true, () -> new LateFusion(SCHEMA, CLASSES, Combiners.stacker())));
    }
}
