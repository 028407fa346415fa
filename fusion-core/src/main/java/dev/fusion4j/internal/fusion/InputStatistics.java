package dev.fusion4j.internal.fusion;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-modality mean and standard deviation of the time-averaged features of training samples that
 * have the modality: what standardisation and training-mean imputation use. Immutable.
 */
public final class InputStatistics {
    private static final float MIN_STD = 1e-6f;

    private final Map<Modality, float[]> means;
    private final Map<Modality, float[]> stds;

    private InputStatistics(Map<Modality, float[]> means, Map<Modality, float[]> stds) {
        this.means = means;
        this.stds = stds;
    }

    /**
     * Fits the statistics of every schema modality.
     *
     * @throws IllegalArgumentException if no sample has some schema modality, or a width differs
     */
    public static InputStatistics fit(List<MultimodalSample> samples, ModalitySchema schema) {
        Accumulator accumulator = new Accumulator(schema);
        samples.forEach(accumulator::add);
        return accumulator.finish();
    }

    /** Fits statistics one sample at a time, holding only per-modality sums: for a training set streamed in batches. */
    public static final class Accumulator {
        private final ModalitySchema schema;
        private final Map<Modality, double[]> sums = new LinkedHashMap<>();
        private final Map<Modality, double[]> squares = new LinkedHashMap<>();
        private final Map<Modality, Integer> counts = new LinkedHashMap<>();

        public Accumulator(ModalitySchema schema) {
            this.schema = schema;
            for (Modality modality : schema.modalities()) {
                sums.put(modality, new double[schema.width(modality)]);
                squares.put(modality, new double[schema.width(modality)]);
                counts.put(modality, 0);
            }
        }

        /**
         * Adds the time-averaged features of each schema modality of {@code sample}.
         *
         * @throws IllegalArgumentException if a width differs from the schema's
         */
        public void add(MultimodalSample sample) {
            for (Modality modality : schema.modalities()) {
                Features f = sample.get(modality).orElse(null);
                if (f == null) {
                    continue;
                }
                int width = schema.width(modality);
                if (f.dim() != width) {
                    throw new IllegalArgumentException("modality '" + modality + "' of sample "
                            + sample.id().orElse("without id") + " has width " + f.dim() + ", the schema " + width);
                }
                double[] pooled = timeMean(f);
                double[] sum = sums.get(modality);
                double[] square = squares.get(modality);
                for (int j = 0; j < width; j++) {
                    sum[j] += pooled[j];
                    square[j] += pooled[j] * pooled[j];
                }
                counts.merge(modality, 1, Integer::sum);
            }
        }

        /**
         * The statistics of the samples added.
         *
         * @throws IllegalArgumentException if no sample had some schema modality
         */
        public InputStatistics finish() {
            Map<Modality, float[]> means = new LinkedHashMap<>();
            Map<Modality, float[]> stds = new LinkedHashMap<>();
            for (Modality modality : schema.modalities()) {
                int count = counts.get(modality);
                if (count == 0) {
                    throw new IllegalArgumentException("cannot fit statistics of modality '" + modality
                            + "': no sample has it");
                }
                int width = schema.width(modality);
                float[] mean = new float[width];
                float[] std = new float[width];
                for (int j = 0; j < width; j++) {
                    mean[j] = (float) (sums.get(modality)[j] / count);
                    double variance = Math.max(0, squares.get(modality)[j] / count - mean[j] * (double) mean[j]);
                    std[j] = (float) Math.max(MIN_STD, Math.sqrt(variance));
                }
                means.put(modality, mean);
                stds.put(modality, std);
            }
            return new InputStatistics(means, stds);
        }
    }

    /** Mean 0 and standard deviation 1 for every modality: no-op statistics before training. */
    public static InputStatistics identity(ModalitySchema schema) {
        Map<Modality, float[]> means = new LinkedHashMap<>();
        Map<Modality, float[]> stds = new LinkedHashMap<>();
        for (Modality modality : schema.modalities()) {
            means.put(modality, new float[schema.width(modality)]);
            float[] ones = new float[schema.width(modality)];
            java.util.Arrays.fill(ones, 1f);
            stds.put(modality, ones);
        }
        return new InputStatistics(means, stds);
    }

    /** Statistics from known values (a loaded model's), copied. */
    public static InputStatistics of(Map<Modality, float[]> means, Map<Modality, float[]> stds) {
        Map<Modality, float[]> m = new LinkedHashMap<>();
        Map<Modality, float[]> s = new LinkedHashMap<>();
        means.forEach((modality, values) -> m.put(modality, values.clone()));
        stds.forEach((modality, values) -> s.put(modality, values.clone()));
        return new InputStatistics(m, s);
    }

    /** A copy of the mean of {@code modality}. */
    public float[] mean(Modality modality) {
        return lookup(means, modality).clone();
    }

    /** A copy of the standard deviation of {@code modality} (at least 1e-6). */
    public float[] std(Modality modality) {
        return lookup(stds, modality).clone();
    }

    private static float[] lookup(Map<Modality, float[]> map, Modality modality) {
        float[] values = map.get(modality);
        if (values == null) {
            throw new IllegalArgumentException("no statistics for modality '" + modality + "'; fitted " + map.keySet());
        }
        return values;
    }

    private static double[] timeMean(Features f) {
        double[] mean = new double[f.dim()];
        for (int t = 0; t < f.length(); t++) {
            for (int j = 0; j < f.dim(); j++) {
                mean[j] += f.get(t, j);
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= f.length();
        }
        return mean;
    }
}
