package dev.fusion4j.align;

import dev.fusion4j.data.Features;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Retrieval across modalities by cosine similarity: index one modality's vectors, query with
 * another's, both in one {@link JointSpace}; recall@k and median rank of paired data. Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * CrossModalIndex index = CrossModalIndex.of(space.projectAll(Modality.IMAGE, images));
 * int[] best5 = index.search(space.project(Modality.AUDIO, clip), 5);
 * CrossModalIndex.Quality quality = index.evaluate(space.projectAll(Modality.AUDIO, clips));
 * }</pre>
 */
public final class CrossModalIndex {
    private final double[][] normalised;

    private CrossModalIndex(double[][] normalised) {
        this.normalised = normalised;
    }

    /**
     * An index of {@code vectors}, item i being {@code vectors.get(i)}.
     *
     * @throws IllegalArgumentException if there is no vector, one is a sequence, or the widths differ
     */
    public static CrossModalIndex of(List<Features> vectors) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("an index needs at least one vector");
        }
        int width = Objects.requireNonNull(vectors.get(0), "vector 0 is null").dim();
        double[][] out = new double[vectors.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = normalise(vectors.get(i), width, "item " + i);
        }
        return new CrossModalIndex(out);
    }

    /** The number of indexed items. */
    public int size() {
        return normalised.length;
    }

    /** The width of the indexed vectors. */
    public int width() {
        return normalised[0].length;
    }

    /**
     * The indices of the {@code k} items most similar to {@code query} (all items if there are
     * fewer), best first; ties go to the lower index.
     *
     * @throws IllegalArgumentException if {@code k < 1}, or the query is a sequence or of another width
     */
    public int[] search(Features query, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be ≥ 1, got " + k);
        }
        double[] scores = scores(normalise(query, width(), "the query"));
        Integer[] order = new Integer[normalised.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
        return Arrays.stream(order).limit(k).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The 1-based rank of item {@code target} among the results for {@code query}.
     *
     * @throws IllegalArgumentException if {@code target} is not an item, or the query is a sequence
     *     or of another width
     */
    public int rank(Features query, int target) {
        if (target < 0 || target >= normalised.length) {
            throw new IllegalArgumentException("target " + target + " is not an item of this index of " + size());
        }
        return rank(scores(normalise(query, width(), "the query")), target);
    }

    /** Retrieval quality of paired data: query i's correct item is index i. */
    public record Quality(double recallAt1, double recallAt5, double recallAt10, double medianRank) {
    }

    /**
     * recall@1/5/10 and median rank when {@code queries.get(i)} should find item {@code i}.
     *
     * @throws IllegalArgumentException if there is no query or more queries than items, or a query
     *     is a sequence or of another width (naming its index)
     */
    public Quality evaluate(List<Features> queries) {
        if (queries.isEmpty() || queries.size() > normalised.length) {
            throw new IllegalArgumentException("evaluation needs 1 to " + size() + " queries (query i finds item i), got "
                    + queries.size());
        }
        int[] ranks = new int[queries.size()];
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] = rank(scores(normalise(queries.get(i), width(), "query " + i)), i);
        }
        Arrays.sort(ranks);
        int n = ranks.length;
        double median = n % 2 == 1 ? ranks[n / 2] : (ranks[n / 2 - 1] + ranks[n / 2]) / 2.0;
        return new Quality(recall(ranks, 1), recall(ranks, 5), recall(ranks, 10), median);
    }

    private static double recall(int[] ranks, int k) {
        return Arrays.stream(ranks).filter(r -> r <= k).count() / (double) ranks.length;
    }

    private double[] scores(double[] query) {
        double[] scores = new double[normalised.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = dot(query, normalised[i]);
        }
        return scores;
    }

    private static int rank(double[] scores, int target) {
        int rank = 1;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > scores[target] || (scores[i] == scores[target] && i < target)) {
                rank++;
            }
        }
        return rank;
    }

    /** The unit vector along {@code vector} (zeros for a zero vector). */
    private static double[] normalise(Features vector, int width, String what) {
        Objects.requireNonNull(vector, () -> what + " is null");
        if (vector.isSequence()) {
            throw new IllegalArgumentException(what + " is a sequence " + vector + "; retrieval compares vectors: pool it "
                    + "first (for example its mean over steps)");
        }
        if (vector.dim() != width) {
            throw new IllegalArgumentException(what + " has width " + vector.dim() + ", but the index holds vectors of width "
                    + width);
        }
        double[] out = new double[width];
        for (int j = 0; j < width; j++) {
            out[j] = vector.get(0, j);
        }
        double norm = Math.sqrt(dot(out, out));
        for (int j = 0; j < width; j++) {
            out[j] = norm == 0 ? 0 : out[j] / norm;
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
