package dev.fusion4j.train;

import dev.fusion4j.data.MultimodalSample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The samples of a list: pass 0 in the list's order, epoch {@code e} in the order that {@code e}
 * successive shuffles of the indices by one {@code Random(seed)} give. Epochs opened one after
 * another each cost one shuffle; another epoch is recomputed from the first.
 */
final class ListSource implements SampleSource {
    private final List<MultimodalSample> samples;
    private Shuffled last;

    ListSource(List<MultimodalSample> samples) {
        this.samples = Objects.requireNonNull(samples, "samples");
    }

    /** The order of one epoch and the generator that shuffled it. */
    private record Shuffled(long seed, int epoch, List<Integer> order, Random random) {
    }

    @Override
    public Pass open(int pass, long seed) {
        if (pass < 0) {
            throw new IllegalArgumentException("a pass is 0 (the survey) or an epoch from 1, not " + pass);
        }
        List<Integer> order = pass == 0 ? null : order(pass, seed);
        return new Pass() {
            private int position;

            @Override
            public List<MultimodalSample> next(int max) {
                List<MultimodalSample> batch = new ArrayList<>(Math.min(max, samples.size() - position));
                for (; position < samples.size() && batch.size() < max; position++) {
                    batch.add(samples.get(order == null ? position : order.get(position)));
                }
                return batch;
            }

            @Override
            public void close() {
            }
        };
    }

    private synchronized List<Integer> order(int epoch, long seed) {
        if (last == null || last.seed() != seed || last.epoch() > epoch) {
            List<Integer> identity = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                identity.add(i);
            }
            last = new Shuffled(seed, 0, identity, new Random(seed));
        }
        while (last.epoch() < epoch) {
            List<Integer> order = new ArrayList<>(last.order());
            Collections.shuffle(order, last.random());
            last = new Shuffled(seed, last.epoch() + 1, order, last.random());
        }
        return last.order();
    }
}
