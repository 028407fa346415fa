package dev.fusion4j.eval;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.Evaluation;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.Predictor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How a model depends on each modality, following MultiBench's robustness protocol: the metric
 * with all modalities, with each modality alone, with each removed, and with Gaussian noise of
 * increasing strength on one modality at a time. The noise's standard deviation is {@link #noiseLevels()}
 * times that modality's per-feature standard deviation on the test set — 0.1 to 100, evenly spaced
 * on a log scale, so a curve runs from no effect to the modality carrying nothing (a single-modality
 * model at chance). Relative robustness is the mean of {@code metric(level) / metric(0)} over the
 * curve's steps (trapezoids over the level index, so each factor of the log scale counts the
 * same): 1 means no loss at any level. For RMSE, where lower is better, the ratio is
 * {@code metric(0) / metric(level)}.
 */
public final class ModalityReport {
    /** Noise standard deviation in units of the feature's: 0, then 0.1 … 100 on a log scale. */
    private static final double[] NOISE_LEVELS = {0, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100};
    /** The noise levels after 0. */
    public static final int LEVELS = NOISE_LEVELS.length - 1;

    private final String metricName;
    private final boolean higherIsBetter;
    private final double all;
    private final Map<Modality, Double> alone;
    private final Map<Modality, Double> removed;
    private final Map<Modality, double[]> noise;

    private ModalityReport(String metricName, boolean higherIsBetter, double all, Map<Modality, Double> alone,
                           Map<Modality, Double> removed, Map<Modality, double[]> noise) {
        this.metricName = metricName;
        this.higherIsBetter = higherIsBetter;
        this.all = all;
        this.alone = alone;
        this.removed = removed;
        this.noise = noise;
    }

    /**
     * Measures {@code model} on labelled {@code samples}; noise is drawn with {@code seed}.
     * Samples lacking a modality are left out of that modality's "alone" row, and samples that
     * have only it are left out of its "removed" row.
     */
    public static ModalityReport of(FusionModel model, List<MultimodalSample> samples, long seed) {
        try (Predictor predictor = model.newPredictor()) {
            return measure(model.spec().inputWidths(), predictor, samples, seed);
        }
    }

    private static ModalityReport measure(Map<Modality, Integer> widths, Predictor predictor, List<MultimodalSample> samples,
                                          long seed) {
        Evaluation full = predictor.evaluate(samples);
        Map<Modality, Double> alone = new LinkedHashMap<>();
        Map<Modality, Double> removed = new LinkedHashMap<>();
        Map<Modality, double[]> noise = new LinkedHashMap<>();
        for (Modality modality : widths.keySet()) {
            List<MultimodalSample> only = new ArrayList<>();
            List<MultimodalSample> without = new ArrayList<>();
            for (MultimodalSample s : samples) {
                if (s.has(modality)) {
                    MultimodalSample.Builder b = MultimodalSample.builder().put(modality, s.get(modality).orElseThrow());
                    s.label().ifPresent(b::label);
                    only.add(b.build());
                }
                if (!s.has(modality)) {
                    without.add(s);
                } else if (s.modalities().size() > 1) {
                    without.add(s.without(modality));
                }
            }
            alone.put(modality, only.isEmpty() ? Double.NaN : predictor.evaluate(only).primaryMetric());
            removed.put(modality, without.isEmpty() ? Double.NaN : predictor.evaluate(without).primaryMetric());
            double[] curve = new double[LEVELS + 1];
            curve[0] = full.primaryMetric();
            float[] std = featureStd(samples, modality, widths.get(modality));
            for (int level = 1; level <= LEVELS; level++) {
                Random random = new Random(seed * 31 + level * 7919L + modality.hashCode());
                curve[level] = predictor.evaluate(withNoise(samples, modality, std, NOISE_LEVELS[level], random))
                        .primaryMetric();
            }
            noise.put(modality, curve);
        }
        return new ModalityReport(full.primaryMetricName(), full.higherIsBetter(), full.primaryMetric(), alone, removed,
                noise);
    }

    /** The model's modalities, in its schema's order. */
    public List<Modality> modalities() {
        return List.copyOf(noise.keySet());
    }

    public String metricName() {
        return metricName;
    }

    /** The metric with every modality. */
    public double all() {
        return all;
    }

    public double alone(Modality modality) {
        return alone.get(modality);
    }

    public double removed(Modality modality) {
        return removed.get(modality);
    }

    /** The noise levels of the curves: 0, then 0.1 … 100 times each feature's standard deviation. */
    public static double[] noiseLevels() {
        return NOISE_LEVELS.clone();
    }

    /** The metric at each of {@link #noiseLevels()} on {@code modality}. */
    public double[] noiseCurve(Modality modality) {
        return noise.get(modality).clone();
    }

    /** The mean of {@code metric(level)/metric(0)} over the curve's steps (trapezoids). */
    public double relativeRobustness(Modality modality) {
        double[] curve = noise.get(modality);
        double area = 0;
        for (int i = 1; i < curve.length; i++) {
            area += (ratio(curve[i - 1], curve[0]) + ratio(curve[i], curve[0])) / 2 / LEVELS;
        }
        return area;
    }

    private double ratio(double value, double reference) {
        return higherIsBetter ? value / reference : reference / value;
    }

    /** The report as a Markdown table. */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "| modality | %s alone | %s without it | relative robustness |%n",
                metricName, metricName));
        out.append("|---|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| (all: %.4f) | | | |%n", all));
        for (Modality modality : noise.keySet()) {
            out.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f |%n", modality, alone.get(modality),
                    removed.get(modality), relativeRobustness(modality)));
        }
        out.append(String.format(Locale.ROOT, "%n| noise level |%s%n|---|%s%n", header(), "---|".repeat(noise.size())));
        for (int level = 0; level <= LEVELS; level++) {
            out.append(String.format(Locale.ROOT, "| %s |", number(NOISE_LEVELS[level])));
            for (double[] curve : noise.values()) {
                out.append(String.format(Locale.ROOT, " %.4f |", curve[level]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private String header() {
        StringBuilder out = new StringBuilder();
        noise.keySet().forEach(m -> out.append(' ').append(m).append(" |"));
        return out.toString();
    }

    /** A number as short as it can be written: 0.1, 2, 100. */
    private static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static float[] featureStd(List<MultimodalSample> samples, Modality modality, int width) {
        double[] sum = new double[width];
        double[] squares = new double[width];
        long count = 0;
        for (MultimodalSample s : samples) {
            Features f = s.get(modality).orElse(null);
            if (f == null) {
                continue;
            }
            for (int t = 0; t < f.length(); t++) {
                for (int j = 0; j < width; j++) {
                    double v = f.get(t, j);
                    sum[j] += v;
                    squares[j] += v * v;
                }
                count++;
            }
        }
        float[] std = new float[width];
        for (int j = 0; j < width && count > 0; j++) {
            double mean = sum[j] / count;
            std[j] = (float) Math.sqrt(Math.max(0, squares[j] / count - mean * mean));
        }
        return std;
    }

    private static List<MultimodalSample> withNoise(List<MultimodalSample> samples, Modality modality, float[] std,
                                                    double level, Random random) {
        List<MultimodalSample> out = new ArrayList<>(samples.size());
        for (MultimodalSample s : samples) {
            Features f = s.get(modality).orElse(null);
            if (f == null) {
                out.add(s);
                continue;
            }
            float[] values = f.toArray();
            for (int i = 0; i < values.length; i++) {
                values[i] += (float) (level * std[i % f.dim()] * random.nextGaussian());
            }
            Features noisy = f.isSequence() ? Features.sequence(values, f.length(), f.dim()) : Features.vector(values);
            if (f.hasTimestamps()) {
                noisy = noisy.withTimestamps(f.timestamps());
            }
            out.add(s.toBuilder().put(modality, noisy).build());
        }
        return out;
    }
}
