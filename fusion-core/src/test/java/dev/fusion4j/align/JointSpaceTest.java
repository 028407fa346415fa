package dev.fusion4j.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** CCA and contrastive alignment on views generated from shared latent variables plus noise. */
class JointSpaceTest {
    private static final Modality X = Modality.AUDIO;
    private static final Modality Y = Modality.IMAGE;

    /** Two views x = z A + ε, y = z B + ε of latent z with per-component strengths. */
    private static double[][][] views(int n, int dx, int dy, double[] strengths, double noise, long seed) {
        Random random = new Random(seed);
        int k = strengths.length;
        double[][] a = new double[k][dx];
        double[][] b = new double[k][dy];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < dx; i++) {
                a[j][i] = random.nextGaussian();
            }
            for (int i = 0; i < dy; i++) {
                b[j][i] = random.nextGaussian();
            }
        }
        double[][] x = new double[n][dx];
        double[][] y = new double[n][dy];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < k; j++) {
                double z = random.nextGaussian();
                double zx = strengths[j] * z + Math.sqrt(1 - strengths[j] * strengths[j]) * random.nextGaussian();
                double zy = strengths[j] * z + Math.sqrt(1 - strengths[j] * strengths[j]) * random.nextGaussian();
                for (int i = 0; i < dx; i++) {
                    x[s][i] += zx * a[j][i];
                }
                for (int i = 0; i < dy; i++) {
                    y[s][i] += zy * b[j][i];
                }
            }
            for (int i = 0; i < dx; i++) {
                x[s][i] += noise * random.nextGaussian();
            }
            for (int i = 0; i < dy; i++) {
                y[s][i] += noise * random.nextGaussian();
            }
        }
        return new double[][][] {x, y};
    }

    /** One sample per row, with X from x and Y from y. */
    private static List<MultimodalSample> samples(double[][] x, double[][] y) {
        List<MultimodalSample> samples = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            samples.add(MultimodalSample.builder().id("s" + i).put(X, vector(x[i])).put(Y, vector(y[i])).build());
        }
        return samples;
    }

    private static Features vector(double[] values) {
        float[] out = new float[values.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) values[j];
        }
        return Features.vector(out);
    }

    private static List<Features> column(List<MultimodalSample> samples, Modality modality) {
        return samples.stream().map(s -> s.get(modality).orElseThrow()).toList();
    }

    @Test
    void ccaRecoversThePlantedCorrelations() {
        // latent pairs correlate as s²: strengths √0.9, √0.5 give 0.9 and 0.5
        double[][][] v = views(5000, 6, 5, new double[] {Math.sqrt(0.9), Math.sqrt(0.5)}, 0.01, 1);
        List<MultimodalSample> samples = samples(v[0], v[1]);
        CanonicalCorrelation cca = CanonicalCorrelation.fit(samples, X, Y, 2, 1e-6);
        double[] rho = cca.correlations();
        assertEquals(0.9, rho[0], 0.02);
        assertEquals(0.5, rho[1], 0.04);
        assertEquals(2, cca.width());
        assertEquals(6, cca.inputWidth(X));
        assertEquals(5, cca.inputWidth(Y));
        List<Features> px = cca.projectAll(X, column(samples, X));
        List<Features> py = cca.projectAll(Y, column(samples, Y));
        assertEquals(0.9, Math.abs(covariance(px, py, 0, 0)) / Math.sqrt(covariance(px, px, 0, 0)
                * covariance(py, py, 0, 0)), 0.02, "projections correlate as the first canonical correlation");
    }

    /**
     * Without ridge, CCA's projections of its training data are white ({@code W_xᵀ C_xx W_x = I},
     * the same for y) and their cross-covariance is {@code diag(ρ)}: the definition, checked on the
     * projected vectors in plain Java.
     */
    @Test
    void ccaProjectionsAreWhiteAndCrossCorrelatedByTheCanonicalCorrelations() {
        double[][][] v = views(400, 5, 4, new double[] {0.95, 0.8, 0.6}, 0.3, 5);
        List<MultimodalSample> samples = samples(v[0], v[1]);
        CanonicalCorrelation cca = CanonicalCorrelation.fit(samples, X, Y, 3, 0);
        List<Features> px = cca.projectAll(X, column(samples, X));
        List<Features> py = cca.projectAll(Y, column(samples, Y));
        double[] rho = cca.correlations();
        assertTrue(rho[0] >= rho[1] && rho[1] >= rho[2], "largest first");
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double identity = i == j ? 1 : 0;
                assertEquals(identity, covariance(px, px, i, j), 1e-4, "x projection covariance " + i + "," + j);
                assertEquals(identity, covariance(py, py, i, j), 1e-4, "y projection covariance " + i + "," + j);
                assertEquals(identity * rho[i], covariance(px, py, i, j), 1e-4, "cross covariance " + i + "," + j);
            }
        }
    }

    /** With one-dimensional views the canonical correlation is |Pearson's r| and the projection the z-score. */
    @Test
    void ccaOfOneDimensionalViewsIsTheZScoreAndThePearsonCorrelation() {
        double[][] x = {{1}, {2}, {3}, {4}, {6}};
        double[][] y = {{2}, {1}, {4}, {3}, {7}};
        // by hand: mean x 3.2, mean y 3.4; Σdx² = 14.8, Σdy² = 21.2, Σdxdy = 15.6 (n - 1 = 4)
        CanonicalCorrelation cca = CanonicalCorrelation.fit(samples(x, y), X, Y, 1, 0);
        assertEquals(15.6 / Math.sqrt(14.8 * 21.2), cca.correlations()[0], 1e-12);
        double sdX = Math.sqrt(14.8 / 4);
        double sign = Math.signum(cca.project(X, Features.vector(6)).toArray()[0]);
        assertEquals(sign * (6 - 3.2) / sdX, cca.project(X, Features.vector(6)).toArray()[0], 1e-6);
        assertEquals(sign * (0 - 3.2) / sdX, cca.project(X, Features.vector(0)).toArray()[0], 1e-6);
        double sdY = Math.sqrt(21.2 / 4);
        assertEquals(sign * (5 - 3.4) / sdY, cca.project(Y, Features.vector(5)).toArray()[0], 1e-6,
                "positively correlated views project with the same sign");
    }

    @Test
    void ridgeKeepsMoreFeaturesThanSamplesFinite() {
        double[][][] v = views(20, 50, 40, new double[] {0.9}, 0.1, 2);
        List<MultimodalSample> samples = samples(v[0], v[1]);
        CanonicalCorrelation cca = CanonicalCorrelation.fit(samples, X, Y, 3, 1.0);
        for (double r : cca.correlations()) {
            assertTrue(Double.isFinite(r) && r >= 0 && r <= 1 + 1e-9, "correlation " + r);
        }
        // Features refuses non-finite values, so projecting at all shows they are finite
        assertEquals(20, cca.projectAll(X, column(samples, X)).size());
    }

    @Test
    void contrastiveAlignmentRetrievesPairsFarAboveChanceAndAboveAnUntrainedProjection() {
        double[][][] v = views(600, 12, 10, new double[] {0.95, 0.95, 0.95, 0.95}, 0.2, 3);
        List<MultimodalSample> samples = samples(v[0], v[1]);
        List<MultimodalSample> train = samples.subList(0, 500);
        List<MultimodalSample> test = samples.subList(500, 600);
        ContrastiveAligner untrained = ContrastiveAligner.fit(train, X, Y, new ContrastiveAligner.Options(8, 0, 64, 0.01f, 4));
        ContrastiveAligner trained = ContrastiveAligner.fit(train, X, Y, new ContrastiveAligner.Options(8, 40, 64, 0.01f, 4));
        CrossModalIndex.Quality before = quality(untrained, test);
        CrossModalIndex.Quality after = quality(trained, test);
        System.out.println("contrastive alignment, 100 held-out pairs: untrained " + before + ", trained " + after);
        assertTrue(after.recallAt1() > 0.1, "recall@1 " + after.recallAt1() + " (chance 0.01)");
        assertTrue(after.recallAt1() > before.recallAt1() + 0.05, after + " vs untrained " + before);
        assertTrue(after.medianRank() < before.medianRank(), after + " vs untrained " + before);
    }

    private static CrossModalIndex.Quality quality(JointSpace space, List<MultimodalSample> test) {
        return CrossModalIndex.of(space.projectAll(Y, column(test, Y))).evaluate(space.projectAll(X, column(test, X)));
    }

    /**
     * Regression: a missing row given as {@code null} with {@code present = false} made the old
     * {@code float[][]} API throw a NullPointerException. A sample lacking a modality is now simply
     * left out: the fit equals the fit on the complete samples alone.
     */
    @Test
    void samplesLackingAModalityAreLeftOutOfFitting() {
        double[][][] v = views(80, 4, 3, new double[] {0.9, 0.7}, 0.2, 6);
        List<MultimodalSample> complete = samples(v[0], v[1]);
        List<MultimodalSample> withGaps = new ArrayList<>(complete);
        withGaps.add(3, MultimodalSample.builder().id("audio only").put(X, Features.vector(9, 9, 9, 9)).build());
        withGaps.add(40, MultimodalSample.builder().id("image only").put(Y, Features.vector(-9, 9, 9)).build());
        withGaps.add(MultimodalSample.builder().id("other").put(Modality.TEXT, Features.vector(1)).build());
        assertSameProjections(CanonicalCorrelation.fit(complete, X, Y, 2, 1e-3),
                CanonicalCorrelation.fit(withGaps, X, Y, 2, 1e-3), complete);
        ContrastiveAligner.Options options = new ContrastiveAligner.Options(3, 5, 16, 0.01f, 8);
        assertSameProjections(ContrastiveAligner.fit(complete, X, Y, options),
                ContrastiveAligner.fit(withGaps, X, Y, options), complete);
    }

    private static void assertSameProjections(JointSpace expected, JointSpace actual, List<MultimodalSample> samples) {
        for (Modality modality : List.of(X, Y)) {
            List<Features> vectors = column(samples, modality);
            assertEquals(expected.projectAll(modality, vectors), actual.projectAll(modality, vectors), modality.name());
        }
    }

    @Test
    void fittingRefusesTooFewPairsSequencesAndMixedWidthsNamingTheSample() {
        double[][][] v = views(10, 3, 2, new double[] {0.9}, 0.1, 7);
        List<MultimodalSample> samples = samples(v[0], v[1]);
        List<Function<List<MultimodalSample>, JointSpace>> fits = List.of(
                s -> CanonicalCorrelation.fit(s, X, Y, 1, 0),
                s -> ContrastiveAligner.fit(s, X, Y, new ContrastiveAligner.Options(2, 1, 4, 0.01f, 1)));
        for (Function<List<MultimodalSample>, JointSpace> fit : fits) {
            List<MultimodalSample> onePair = List.of(samples.get(0), samples.get(1).without(Y), samples.get(2).without(X));
            IllegalArgumentException few = assertThrows(IllegalArgumentException.class, () -> fit.apply(onePair));
            assertTrue(few.getMessage().contains("1 of 3"), few.getMessage());

            List<MultimodalSample> sequence = new ArrayList<>(samples);
            sequence.set(4, samples.get(4).toBuilder().put(X, Features.sequence(new float[][] {{1, 2, 3}, {4, 5, 6}}))
                    .build());
            InvalidSampleException pooled = assertThrows(InvalidSampleException.class, () -> fit.apply(sequence));
            assertTrue(pooled.getMessage().contains("'s4'") && pooled.getMessage().contains("'audio'")
                    && pooled.getMessage().contains("pool"), pooled.getMessage());

            List<MultimodalSample> mixed = new ArrayList<>(samples);
            mixed.set(6, samples.get(6).toBuilder().put(Y, Features.vector(1, 2, 3)).build());
            InvalidSampleException width = assertThrows(InvalidSampleException.class, () -> fit.apply(mixed));
            assertTrue(width.getMessage().contains("'s6'") && width.getMessage().contains("'image'")
                    && width.getMessage().contains("width 3"), width.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> CanonicalCorrelation.fit(samples, X, X, 1, 0));
        IllegalArgumentException components = assertThrows(IllegalArgumentException.class,
                () -> CanonicalCorrelation.fit(samples, X, Y, 3, 0));
        assertTrue(components.getMessage().contains("[1, 2]"), components.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CanonicalCorrelation.fit(samples, X, Y, 1, Double.NaN));
    }

    @Test
    void optionsAreValidated() {
        ContrastiveAligner.Options defaults = ContrastiveAligner.Options.defaults();
        assertEquals(new ContrastiveAligner.Options(32, 50, 64, 3e-3f, 7), defaults);
        assertThrows(IllegalArgumentException.class, () -> new ContrastiveAligner.Options(0, 1, 4, 0.01f, 1));
        assertThrows(IllegalArgumentException.class, () -> new ContrastiveAligner.Options(2, -1, 4, 0.01f, 1));
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> new ContrastiveAligner.Options(2, 1, 1, 0.01f, 1));
        assertTrue(batch.getMessage().contains("got 1"), batch.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ContrastiveAligner.Options(2, 1, 4, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ContrastiveAligner.Options(2, 1, 4, Float.NaN, 1));
    }

    @Test
    void projectingAnotherModalityAWrongWidthOrASequenceIsRefusedNamingIt() {
        double[][][] v = views(10, 3, 2, new double[] {0.9}, 0.1, 8);
        JointSpace space = CanonicalCorrelation.fit(samples(v[0], v[1]), X, Y, 1, 0);
        assertEquals(X, space.first());
        assertEquals(Y, space.second());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> space.project(Modality.TEXT, Features.vector(1, 2, 3)));
        assertTrue(other.getMessage().contains("'text'"), other.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> space.project(Y, Features.vector(1, 2, 3)));
        assertTrue(width.getMessage().contains("'image'") && width.getMessage().contains("width 2")
                && width.getMessage().contains("width 3"), width.getMessage());
        IllegalArgumentException sequence = assertThrows(IllegalArgumentException.class,
                () -> space.projectAll(X, List.of(Features.vector(1, 2, 3), Features.sequence(new float[][] {{1, 2, 3}}))));
        assertTrue(sequence.getMessage().contains("vector 1") && sequence.getMessage().contains("pool"),
                sequence.getMessage());
    }

    @Test
    void indexRanksByCosine() {
        CrossModalIndex index = CrossModalIndex.of(List.of(Features.vector(1, 0), Features.vector(0, 1),
                Features.vector(1, 1)));
        // cosines with (2, 0.1): 0.9988, 0.0499, 0.7416
        assertArrayEquals(new int[] {0, 2, 1}, index.search(Features.vector(2, 0.1f), 5));
        assertArrayEquals(new int[] {0}, index.search(Features.vector(2, 0.1f), 1));
        assertEquals(2, index.rank(Features.vector(1, 0.2f), 2));
        CrossModalIndex.Quality q = index.evaluate(List.of(Features.vector(1, 0), Features.vector(0, 1),
                Features.vector(0.9f, 1)));
        assertEquals(new CrossModalIndex.Quality(1, 1, 1, 1), q);
        // query 0 (0, 1) ranks item 0 third: ranks 3, 1 → recall@1 0.5, median 2
        assertEquals(new CrossModalIndex.Quality(0.5, 1, 1, 2),
                index.evaluate(List.of(Features.vector(0, 1), Features.vector(0, 1))));
    }

    @Test
    void indexRefusesWrongWidthsSequencesAndOutOfRangeArguments() {
        CrossModalIndex index = CrossModalIndex.of(List.of(Features.vector(1, 0), Features.vector(0, 1)));
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> index.search(Features.vector(1, 0, 0), 1));
        assertTrue(width.getMessage().contains("width 3") && width.getMessage().contains("width 2"), width.getMessage());
        assertThrows(IllegalArgumentException.class, () -> index.search(Features.sequence(new float[][] {{1, 0}}), 1));
        assertThrows(IllegalArgumentException.class, () -> index.search(Features.vector(1, 0), 0));
        assertThrows(IllegalArgumentException.class, () -> index.rank(Features.vector(1, 0), 2));
        assertThrows(IllegalArgumentException.class, () -> index.evaluate(List.of()));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> index.evaluate(
                List.of(Features.vector(1, 0), Features.vector(1, 0), Features.vector(1, 0))));
        assertTrue(tooMany.getMessage().contains("got 3"), tooMany.getMessage());
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> CrossModalIndex.of(List.of(Features.vector(1, 0), Features.vector(1))));
        assertTrue(mixed.getMessage().contains("item 1"), mixed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CrossModalIndex.of(List.of()));
    }

    /** The sample covariance (n - 1) of column i of p and column j of q. */
    private static double covariance(List<Features> p, List<Features> q, int i, int j) {
        double mp = 0;
        double mq = 0;
        for (int s = 0; s < p.size(); s++) {
            mp += p.get(s).get(0, i) / (double) p.size();
            mq += q.get(s).get(0, j) / (double) q.size();
        }
        double sum = 0;
        for (int s = 0; s < p.size(); s++) {
            sum += (p.get(s).get(0, i) - mp) * (q.get(s).get(0, j) - mq);
        }
        return sum / (p.size() - 1);
    }
}
