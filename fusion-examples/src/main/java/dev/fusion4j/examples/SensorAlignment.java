package dev.fusion4j.examples;

import dev.fusion4j.align.AlignedFeatures;
import dev.fusion4j.align.Imputation;
import dev.fusion4j.align.TemporalAligner;
import dev.fusion4j.align.Windowing;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.Head;
import dev.fusion4j.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Temporal alignment of sensor-style streams (generated): an accelerometer at 50 Hz and a heart-rate
 * sensor at 1 Hz that drops out now and then, recorded during alternating activities (rest, walk,
 * run): the accelerometer tells rest from moving, the heart rate run from the rest. Both streams
 * are put on a 10 Hz clock (window mean for the accelerometer, linear
 * interpolation with a 2 s maximum gap for the heart rate, gaps carried forward), cut into 4 s
 * windows with 2 s hop, and classified by early fusion; each sensor alone is the baseline.
 */
public final class SensorAlignment {
    private static final String[] ACTIVITIES = {"rest", "walk", "run"};
    private static final Modality ACCELEROMETER = Modality.of("accelerometer");
    private static final Modality HEART_RATE = Modality.of("heart-rate");

    private SensorAlignment() {
    }

    public static void main(String[] args) {
        run(20, 40);
    }

    /** Returns the test accuracy of fused, accelerometer-only and heart-rate-only models. */
    static double[] run(int recordings, int epochs) {
        Random random = new Random(11);
        List<MultimodalSample> train = new ArrayList<>();
        List<MultimodalSample> test = new ArrayList<>();
        for (int r = 0; r < recordings; r++) {
            (r < recordings * 3 / 4 ? train : test).addAll(windows(random));
        }
        TrainingOptions options = TrainingOptions.builder().epochs(epochs).learningRate(1e-2f).progress(false).build();
        double fused = accuracy(List.of(ACCELEROMETER, HEART_RATE), train, test, options);
        double accelerometer = accuracy(List.of(ACCELEROMETER), train, test, options);
        double heart = accuracy(List.of(HEART_RATE), train, test, options);
        System.out.printf(Locale.ROOT, "%d training and %d test windows of 4 s%n%n| model | accuracy |%n|---|---|%n"
                + "| fused (early) | %.3f |%n| accelerometer only | %.3f |%n| heart rate only | %.3f |%n",
                train.size(), test.size(), fused, accelerometer, heart);
        return new double[] {fused, accelerometer, heart};
    }

    /** One 60 s recording of three 20 s activities, aligned and cut into labelled windows. */
    private static List<MultimodalSample> windows(Random random) {
        int[] activity = {random.nextInt(3), random.nextInt(3), random.nextInt(3)};
        float[][] acc = new float[60 * 50][3];
        double[] accTimes = new double[acc.length];
        for (int i = 0; i < acc.length; i++) {
            double t = i / 50.0;
            int a = activity[(int) (t / 20)];
            double amplitude = new double[] {0.05, 1.0, 1.05}[a];   // walk and run look alike here
            double frequency = new double[] {0.5, 1.8, 2.1}[a];
            for (int axis = 0; axis < 3; axis++) {
                acc[i][axis] = (float) (amplitude * Math.sin(2 * Math.PI * frequency * t + axis)
                        + 0.3 * random.nextGaussian());
            }
            accTimes[i] = t;
        }
        List<float[]> heart = new ArrayList<>();
        List<Double> heartTimes = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            if (random.nextDouble() < 0.15) {
                continue;   // the sensor drops out
            }
            int a = activity[s / 20];
            heart.add(new float[] {(float) (new double[] {95, 100, 135}[a] + 8 * random.nextGaussian())});   // rest and walk alike
            heartTimes.add((double) s);
        }
        double[] clock = TemporalAligner.clock(10, 0, 60);
        AlignedFeatures accAligned = TemporalAligner.windowed(TemporalAligner.Method.WINDOW_MEAN, 0.1)
                .align(Features.sequence(acc).withTimestamps(accTimes), clock);
        AlignedFeatures heartAligned = TemporalAligner.of(TemporalAligner.Method.LINEAR, 2.0)
                .align(Features.sequence(heart.toArray(new float[0][]))
                        .withTimestamps(heartTimes.stream().mapToDouble(Double::doubleValue).toArray()), clock);
        Features heartFilled = Imputation.of(Imputation.Rule.LAST_OBSERVATION).fill(heartAligned,
                new float[clock.length]);
        List<MultimodalSample> out = new ArrayList<>();
        for (MultimodalSample window : Windowing.cut(Map.of(ACCELEROMETER, magnitude(accAligned.features()),
                HEART_RATE, heartFilled), 4, 2)) {
            double start = Double.parseDouble(window.id().orElseThrow().split("-")[0]);
            if (start + 4 <= 60 && (int) (start / 20) == (int) ((start + 3.99) / 20)) {
                out.add(window.toBuilder().label(activity[(int) (start / 20)]).build());
            }
        }
        return out;
    }

    /** Per step: the mean absolute value and the standard deviation across the three axes' window. */
    private static Features magnitude(Features acc) {
        float[][] rows = new float[acc.length()][1];
        for (int t = 0; t < acc.length(); t++) {
            double sum = 0;
            for (int j = 0; j < acc.dim(); j++) {
                sum += Math.abs(acc.get(t, j));
            }
            rows[t][0] = (float) (sum / acc.dim());
        }
        return Features.sequence(rows).withTimestamps(acc.timestamps());
    }

    private static double accuracy(List<Modality> modalities, List<MultimodalSample> train, List<MultimodalSample> test,
                                   TrainingOptions options) {
        FusionSpec.Builder builder = FusionSpec.builder().fusion(Fusion.early().standardised())
                .head(Head.classification(ACTIVITIES)).seed(3);
        modalities.forEach(m -> builder.modality(m, 1));
        FusionModel model = builder.build().train(restrict(train, modalities), List.of(), options);
        return model.evaluate(restrict(test, modalities)).accuracy();
    }

    private static List<MultimodalSample> restrict(List<MultimodalSample> samples, List<Modality> keep) {
        List<MultimodalSample> out = new ArrayList<>();
        for (MultimodalSample s : samples) {
            MultimodalSample.Builder b = MultimodalSample.builder().label(s.label().orElseThrow());
            keep.forEach(m -> b.put(m, s.get(m).orElseThrow()));
            out.add(b.build());
        }
        return out;
    }
}
