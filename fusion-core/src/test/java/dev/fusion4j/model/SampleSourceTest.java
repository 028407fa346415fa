package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.train.SampleSource;
import dev.fusion4j.train.TrainingOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Training on samples streamed from a {@link SampleSource} instead of a list held in memory. */
class SampleSourceTest {
    private static final int COUNT = 300;
    private static final long SEED = 5;
    private static final List<MultimodalSample> TRAIN = TwoBitData.generate(COUNT, 11);

    private static FusionSpec spec() {
        return FusionSpec.builder()
                .modality(Modality.TEXT, TwoBitData.TEXT_WIDTH)
                .modality(Modality.AUDIO, TwoBitData.AUDIO_WIDTH)
                .fusion(Fusion.early().standardised())
                .head(Head.classification(TwoBitData.LABELS))
                .seed(SEED)
                .build();
    }

    private static TrainingOptions options() {
        return TrainingOptions.builder().epochs(3).batchSize(32).learningRate(5e-3f).balancedClassWeights()
                .progress(false).build();
    }

    /**
     * A source that holds no list: it makes sample {@code i} on demand, in the order each pass
     * asks for, and counts the passes it opened and closed.
     */
    private static final class Generated implements SampleSource {
        private final int count;
        private final IntFunction<MultimodalSample> sample;
        private final IntFunction<List<Integer>> order;
        int opened;
        int closed;

        Generated(int count, IntFunction<MultimodalSample> sample, IntFunction<List<Integer>> order) {
            this.count = count;
            this.sample = sample;
            this.order = order;
        }

        @Override
        public Pass open(int pass, long seed) {
            opened++;
            List<Integer> indices = order.apply(pass);
            return new Pass() {
                private int position;

                @Override
                public List<MultimodalSample> next(int max) {
                    List<MultimodalSample> batch = new ArrayList<>();
                    while (position < Math.min(count, indices.size()) && batch.size() < max) {
                        batch.add(sample.apply(indices.get(position++)));
                    }
                    return batch;
                }

                @Override
                public void close() {
                    closed++;
                }
            };
        }
    }

    /** The documented order of epoch {@code e}: {@code e} successive shuffles by one {@code Random(SEED)}. */
    private static List<Integer> listOrder(int pass) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            order.add(i);
        }
        Random random = new Random(SEED);
        for (int e = 0; e < pass; e++) {
            Collections.shuffle(order, random);
        }
        return order;
    }

    @Test
    void aStreamedSourceInTheListsOrderTrainsTheModelTheListTrains() {
        FusionModel fromList = spec().train(TRAIN, List.of(), options());
        Generated source = new Generated(COUNT, TRAIN::get, SampleSourceTest::listOrder);
        FusionModel streamed = spec().train(source, List.of(), options());
        Map<String, float[]> expected = fromList.parameters();
        assertEquals(expected.keySet(), streamed.parameters().keySet());
        expected.forEach((name, values) -> assertArrayEquals(values, streamed.parameters().get(name), 0f, name));
        assertEquals(fromList.provenance().data(), streamed.provenance().data(), "the fingerprint of the survey pass");
        assertEquals(4, source.opened, "one survey pass and three epochs");
        assertEquals(4, source.closed);
    }

    /** The standardisation's means are the means over the samples of each one's mean over time. */
    @Test
    void theSurveyFitsTheStatisticsOfEverySample() {
        Generated source = new Generated(COUNT, TRAIN::get, SampleSourceTest::listOrder);
        FusionModel streamed = spec().train(source, List.of(), options());
        for (Modality modality : List.of(Modality.TEXT, Modality.AUDIO)) {
            int width = TRAIN.get(0).get(modality).orElseThrow().dim();
            double[] sum = new double[width];
            for (MultimodalSample sample : TRAIN) {
                Features f = sample.get(modality).orElseThrow();
                for (int t = 0; t < f.length(); t++) {
                    for (int j = 0; j < width; j++) {
                        sum[j] += f.get(t, j) / (double) f.length();
                    }
                }
            }
            float[] mean = streamed.statistics().mean(modality);
            for (int j = 0; j < width; j++) {
                assertEquals(sum[j] / COUNT, mean[j], 1e-5, modality + " mean " + j);
            }
        }
    }

    @Test
    void anEpochThatYieldsOtherSamplesThanTheSurveyIsRefused() {
        Generated shrinking = new Generated(COUNT, TRAIN::get, pass -> listOrder(pass).subList(0, pass == 0 ? COUNT : 200));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> spec().train(shrinking, List.of(), options()));
        assertEquals("epoch 1 of the training source yielded 200 samples, its survey pass 300; every pass must "
                + "yield the same samples", e.getMessage());
        assertEquals(shrinking.opened, shrinking.closed, "every pass is closed, the failed one too");
    }

    @Test
    void aBadSampleIsNamedByItsPositionInTheWholeSourceNotInItsBatch() {
        int count = 5000;
        MultimodalSample wide = MultimodalSample.builder().label(0)
                .put(Modality.TEXT, Features.vector(new float[TwoBitData.TEXT_WIDTH + 1])).build();
        Generated source = new Generated(count, i -> i == 4500 ? wide : TRAIN.get(i % COUNT), pass -> {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                order.add(i);
            }
            return order;
        });
        InvalidSampleException e = assertThrows(InvalidSampleException.class,
                () -> spec().train(source, List.of(), options()));
        assertEquals("sample #4500 of the training set has width " + (TwoBitData.TEXT_WIDTH + 1)
                + " for modality 'text'; the model expects " + TwoBitData.TEXT_WIDTH, e.getMessage());
    }

    @Test
    void anEmptySourceIsRefused() {
        Generated empty = new Generated(0, TRAIN::get, pass -> List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spec().train(empty, List.of(), options()));
        assertEquals("the training set is empty", e.getMessage());
    }
}
