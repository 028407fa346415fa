package dev.fusion4j.align;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Retrieval across modalities: index one modality's vectors, query with another's (in a shared
 * space: CCA, contrastive projections), by cosine similarity; recall@k and median rank of paired
 * data. Immutable and thread-safe.
 */
public final class CrossModalIndex {
    private final double[][] normalised;

    private CrossModalIndex(double[][] normalised) {
        this.normalised = normalised;
    }

    public static CrossModalIndex of(double[][] vectors) {
        double[][] out = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            out[i] = normalise(vectors[i]);
        }
        return new CrossModalIndex(out);
    }

    /** The indices of the {@code k} most similar indexed vectors, best first. */
    public int[] search(double[] query, int k) {
        double[] q = normalise(query);
        Integer[] order = new Integer[normalised.length];
        double[] scores = new double[normalised.length];
        for (int i = 0; i < normalised.length; i++) {
            order[i] = i;
            scores[i] = dot(q, normalised[i]);
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
        return Arrays.stream(order).limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** The 1-based rank of item {@code target} for {@code query}. */
    public int rank(double[] query, int target) {
        double[] q = normalise(query);
        double score = dot(q, normalised[target]);
        int rank = 1;
        for (int i = 0; i < normalised.length; i++) {
            double s = dot(q, normalised[i]);
            if (s > score || (s == score && i < target)) {
                rank++;
            }
        }
        return rank;
    }

    /** Retrieval quality of paired data: query i's correct item is index i. */
    public record Quality(double recallAt1, double recallAt5, double recallAt10, double medianRank) {
    }

    /** recall@1/5/10 and median rank when {@code queries[i]} should find indexed item {@code i}. */
    public Quality evaluate(double[][] queries) {
        List<Integer> ranks = new ArrayList<>();
        for (int i = 0; i < queries.length; i++) {
            ranks.add(rank(queries[i], i));
        }
        double n = queries.length;
        ranks.sort(Integer::compare);
        double median = ranks.size() % 2 == 1 ? ranks.get(ranks.size() / 2)
                : (ranks.get(ranks.size() / 2 - 1) + ranks.get(ranks.size() / 2)) / 2.0;
        return new Quality(ranks.stream().filter(r -> r <= 1).count() / n, ranks.stream().filter(r -> r <= 5).count() / n,
                ranks.stream().filter(r -> r <= 10).count() / n, median);
    }

    private static double[] normalise(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm == 0 ? 0 : v[i] / norm;
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
