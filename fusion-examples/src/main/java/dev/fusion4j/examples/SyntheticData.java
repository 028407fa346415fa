package dev.fusion4j.examples;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated three-class data set with two partly informative modalities: a text vector whose
 * mean depends on the class, and an audio sequence of 3 to 8 frames whose mean depends on it too.
 * A fifth of the samples miss their text, another fifth their audio.
 */
final class SyntheticData {
    static final int CLASSES = 3;
    static final int TEXT_DIM = 4;
    static final int AUDIO_DIM = 3;

    private SyntheticData() {
    }

    static List<MultimodalSample> generate(int count, long seed) {
        Random random = new Random(seed);
        List<MultimodalSample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(CLASSES);
            MultimodalSample.Builder builder = MultimodalSample.builder().id("s" + seed + "-" + i).label(label);
            double missing = random.nextDouble();
            if (missing >= 0.2) {
                builder.put(Modality.TEXT, Features.vector(noisy(random, TEXT_DIM, label, 1.2)));
            }
            if (missing < 0.2 || missing >= 0.4) {
                int frames = 3 + random.nextInt(6);
                float[][] rows = new float[frames][];
                double[] times = new double[frames];
                for (int t = 0; t < frames; t++) {
                    rows[t] = noisy(random, AUDIO_DIM, (label + 1) % CLASSES, 2.0);
                    times[t] = 0.01 * t;
                }
                builder.put(Modality.AUDIO, Features.sequence(rows).withTimestamps(times));
            }
            samples.add(builder.build());
        }
        return samples;
    }

    /** One-hot-ish signal on column {@code hot % dim} plus Gaussian noise of {@code noise}. */
    private static float[] noisy(Random random, int dim, int hot, double noise) {
        float[] values = new float[dim];
        for (int j = 0; j < dim; j++) {
            values[j] = (float) ((j == hot % dim ? 1.0 : 0.0) + noise * random.nextGaussian());
        }
        return values;
    }
}
