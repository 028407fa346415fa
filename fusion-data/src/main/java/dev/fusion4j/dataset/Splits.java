package dev.fusion4j.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;

/**
 * Stratified, seeded splits of any items with a class: raw samples, encoded samples, file names.
 * Every class is divided in the same proportions, the same items in the same order and the same
 * seed give the same parts, and each part keeps the items' input order.
 *
 * <pre>{@code
 * Splits<RawSample> splits = Splits.stratified(data.samples(), RawSample::label, 42);
 * Split<RawSample> split = splits.trainValidationTest(0.7, 0.15, 0.15);
 * List<Fold<RawSample>> folds = splits.kFold(5);
 * // encoded samples: Splits.stratified(samples, s -> s.label().orElseThrow().classIndex(), 42)
 * }</pre>
 */
public final class Splits<T> {
    private static final double TOLERANCE = 1e-9;

    private final List<T> items;
    private final List<List<Integer>> classes;
    private final long seed;

    private Splits(List<T> items, List<List<Integer>> classes, long seed) {
        this.items = items;
        this.classes = classes;
        this.seed = seed;
    }

    /**
     * Splits of {@code items}, grouped by the class {@code classOf} gives (compared with
     * {@code equals}).
     *
     * @throws IllegalArgumentException if an item's class is null
     */
    public static <T> Splits<T> stratified(List<T> items, Function<? super T, ?> classOf, long seed) {
        List<T> copy = List.copyOf(items);
        Objects.requireNonNull(classOf, "classOf");
        Map<Object, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < copy.size(); i++) {
            Object key = classOf.apply(copy.get(i));
            if (key == null) {
                throw new IllegalArgumentException("item #" + i + " has no class: " + copy.get(i));
            }
            byClass.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        return new Splits<>(copy, List.copyOf(byClass.values()), seed);
    }

    /**
     * Divides each class by the fractions, largest remainder first (ties go to the part furthest
     * below its share of all items). Each part with a positive fraction first gets one member of
     * each class, train first: a class of one item lands in train only, a class of two in train and
     * validation (when validation's fraction is positive), so small classes may be missing from
     * the later parts. A single class is split like any other.
     *
     * @param train the training fraction, positive
     * @param validation the validation fraction, 0 for none
     * @param test the test fraction, 0 for none
     * @throws IllegalArgumentException unless the fractions are finite, not negative, train
     *                                  positive, and sum to 1
     */
    public Split<T> trainValidationTest(double train, double validation, double test) {
        double[] fractions = {train, validation, test};
        for (double fraction : fractions) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("fractions must lie in [0, 1], got " + train + ", "
                        + validation + ", " + test);
            }
        }
        if (train <= 0 || Math.abs(train + validation + test - 1) > 1e-6) {
            throw new IllegalArgumentException("train must be positive and the fractions sum to 1, got " + train
                    + " + " + validation + " + " + test);
        }
        Random random = new Random(seed);
        List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int[] assigned = new int[3];
        for (List<Integer> members : classes) {
            List<Integer> shuffled = shuffled(members, random);
            int[] counts = apportion(shuffled.size(), fractions, assigned);
            int from = 0;
            for (int part = 0; part < 3; part++) {
                parts.get(part).addAll(shuffled.subList(from, from + counts[part]));
                from += counts[part];
                assigned[part] += counts[part];
            }
        }
        return new Split<>(inInputOrder(parts.get(0)), inInputOrder(parts.get(1)), inInputOrder(parts.get(2)));
    }

    /**
     * {@code k} folds: each class's members are shuffled and dealt in turn to the folds (the deal
     * runs on across classes), so every item is in exactly one fold's validation part, fold sizes
     * differ by at most one, and each class's count per fold by at most one. A class with fewer
     * than {@code k} members is missing from some folds' validation parts.
     *
     * @throws IllegalArgumentException unless 2 ≤ k ≤ the number of items
     */
    public List<Fold<T>> kFold(int k) {
        if (k < 2 || k > items.size()) {
            throw new IllegalArgumentException("k must lie in [2, " + items.size() + " items], got " + k);
        }
        Random random = new Random(seed);
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        int dealt = 0;
        for (List<Integer> members : classes) {
            for (int index : shuffled(members, random)) {
                folds.get(dealt++ % k).add(index);
            }
        }
        List<Fold<T>> result = new ArrayList<>();
        for (List<Integer> fold : folds) {
            List<Integer> rest = new ArrayList<>();
            folds.stream().filter(other -> other != fold).forEach(rest::addAll);
            result.add(new Fold<>(inInputOrder(rest), inInputOrder(fold)));
        }
        return List.copyOf(result);
    }

    /**
     * How many of a class's {@code size} members go to each part: one to each part with a positive
     * fraction while members last, then one at a time to the part furthest below its target.
     */
    private int[] apportion(int size, double[] fractions, int[] assigned) {
        int[] counts = new int[3];
        int left = size;
        for (int part = 0; part < 3 && left > 0; part++) {
            if (fractions[part] > 0) {
                counts[part] = 1;
                left--;
            }
        }
        for (; left > 0; left--) {
            int best = -1;
            for (int part = 0; part < 3; part++) {
                if (fractions[part] > 0 && (best < 0 || further(part, best, size, fractions, counts, assigned))) {
                    best = part;
                }
            }
            counts[best]++;
        }
        return counts;
    }

    /** Whether {@code part} is further below its target than {@code best}: in the class, then overall. */
    private boolean further(int part, int best, int size, double[] fractions, int[] counts, int[] assigned) {
        double deficit = size * fractions[part] - counts[part];
        double bestDeficit = size * fractions[best] - counts[best];
        if (Math.abs(deficit - bestDeficit) > TOLERANCE) {
            return deficit > bestDeficit;
        }
        double overall = items.size() * fractions[part] - assigned[part] - counts[part];
        double bestOverall = items.size() * fractions[best] - assigned[best] - counts[best];
        return overall > bestOverall + TOLERANCE;
    }

    private static List<Integer> shuffled(List<Integer> members, Random random) {
        List<Integer> copy = new ArrayList<>(members);
        Collections.shuffle(copy, random);
        return copy;
    }

    private List<T> inInputOrder(List<Integer> indices) {
        return indices.stream().sorted().map(items::get).toList();
    }
}
