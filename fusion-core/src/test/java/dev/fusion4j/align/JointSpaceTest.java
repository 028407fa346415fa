package dev.fusion4j.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** CCA and contrastive alignment on views generated from shared latent variables plus noise. */
class JointSpaceTest {

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

    @Test
    void ccaRecoversThePlantedCorrelations() {
        // latent pairs correlate as s²: strengths √0.9, √0.5 give 0.9 and 0.5
        double[][][] v = views(5000, 6, 5, new double[] {Math.sqrt(0.9), Math.sqrt(0.5)}, 0.01, 1);
        CanonicalCorrelation cca = CanonicalCorrelation.fit(v[0], v[1], 2, 1e-6);
        double[] rho = cca.correlations();
        assertEquals(0.9, rho[0], 0.02);
        assertEquals(0.5, rho[1], 0.04);
        double[][] px = cca.transformX(v[0]);
        double[][] py = cca.transformY(v[1]);
        assertEquals(0.9, pearson(px, py, 0), 0.02, "projections correlate as the first canonical correlation");
    }

    @Test
    void ridgeKeepsMoreFeaturesThanSamplesFinite() {
        double[][][] v = views(20, 50, 40, new double[] {0.9}, 0.1, 2);
        CanonicalCorrelation cca = CanonicalCorrelation.fit(v[0], v[1], 3, 1.0);
        for (double r : cca.correlations()) {
            assertTrue(Double.isFinite(r) && r >= 0 && r <= 1 + 1e-9, "correlation " + r);
        }
        for (double[] row : cca.transformX(v[0])) {
            for (double value : row) {
                assertTrue(Double.isFinite(value));
            }
        }
    }

    @Test
    void contrastiveAlignmentRetrievesPairsFarAboveChanceAndAboveAnUntrainedProjection() {
        double[][][] v = views(600, 12, 10, new double[] {0.95, 0.95, 0.95, 0.95}, 0.2, 3);
        float[][] a = toFloat(v[0]);
        float[][] b = toFloat(v[1]);
        boolean[] present = new boolean[a.length];
        java.util.Arrays.fill(present, true);
        present[5] = false;
        ContrastiveAligner untrained = ContrastiveAligner.fit(a, b, present, 8, 0, 64, 0.01f, 4);
        ContrastiveAligner trained = ContrastiveAligner.fit(a, b, present, 8, 40, 64, 0.01f, 4);
        float[][] testA = java.util.Arrays.copyOfRange(a, 500, 600);
        float[][] testB = java.util.Arrays.copyOfRange(b, 500, 600);
        CrossModalIndex.Quality before = CrossModalIndex.of(untrained.projectB(testB)).evaluate(untrained.projectA(testA));
        CrossModalIndex.Quality after = CrossModalIndex.of(trained.projectB(testB)).evaluate(trained.projectA(testA));
        System.out.println("contrastive alignment, 100 held-out pairs: untrained " + before + ", trained " + after);
        assertTrue(after.recallAt1() > 0.1, "recall@1 " + after.recallAt1() + " (chance 0.01)");
        assertTrue(after.recallAt1() > before.recallAt1() + 0.05, after + " vs untrained " + before);
        assertTrue(after.medianRank() < before.medianRank(), after + " vs untrained " + before);
    }

    @Test
    void indexRanksByCosine() {
        CrossModalIndex index = CrossModalIndex.of(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        assertEquals(0, index.search(new double[] {2, 0.1}, 1)[0]);
        assertEquals(2, index.rank(new double[] {1, 0.2}, 2));
        CrossModalIndex.Quality q = index.evaluate(new double[][] {{1, 0}, {0, 1}, {0.9, 1}});
        assertEquals(1.0, q.recallAt1());
        assertEquals(1.0, q.medianRank());
    }

    private static double pearson(double[][] x, double[][] y, int column) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i][column] / x.length;
            my += y[i][column] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i][column] - mx) * (y[i][column] - my);
            sxx += (x[i][column] - mx) * (x[i][column] - mx);
            syy += (y[i][column] - my) * (y[i][column] - my);
        }
        return Math.abs(sxy / Math.sqrt(sxx * syy));
    }

    private static float[][] toFloat(double[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new float[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = (float) x[i][j];
            }
        }
        return out;
    }
}
