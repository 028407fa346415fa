package dev.fusion4j.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {
    /** Items named {@code class-number}; their class is the part before the dash. */
    private static List<String> items(String... classesAndCounts) {
        List<String> items = new ArrayList<>();
        for (int c = 0; c < classesAndCounts.length; c += 2) {
            for (int i = 0; i < Integer.parseInt(classesAndCounts[c + 1]); i++) {
                items.add(classesAndCounts[c] + "-" + i);
            }
        }
        return items;
    }

    private static String classOf(String item) {
        return item.substring(0, item.indexOf('-'));
    }

    private static long count(List<String> part, String className) {
        return part.stream().filter(item -> classOf(item).equals(className)).count();
    }

    private static Splits<String> splits(List<String> items, long seed) {
        return Splits.stratified(items, SplitsTest::classOf, seed);
    }

    @Test
    void everyClassIsDividedInTheFractionsAndEveryItemLandsOnce() {
        List<String> items = items("a", "20", "b", "10", "c", "10");

        Split<String> split = splits(items, 7).trainValidationTest(0.6, 0.2, 0.2);

        // 20 → 12/4/4, 10 → 6/2/2
        assertEquals(List.of(12L, 4L, 4L), List.of(count(split.train(), "a"), count(split.validation(), "a"),
                count(split.test(), "a")));
        for (String c : List.of("b", "c")) {
            assertEquals(List.of(6L, 2L, 2L), List.of(count(split.train(), c), count(split.validation(), c),
                    count(split.test(), c)));
        }
        List<String> all = new ArrayList<>(split.train());
        all.addAll(split.validation());
        all.addAll(split.test());
        assertEquals(Set.copyOf(items), Set.copyOf(all));
        assertEquals(items.size(), all.size());
        assertEquals(split.train().stream().sorted((x, y) -> items.indexOf(x) - items.indexOf(y)).toList(),
                split.train(), "input order kept");
    }

    @Test
    void roundingTiesAlternateSoThatTheTotalsStayProportional() {
        // eight classes of 10 at 0.7/0.15/0.15: each class is 7/2/1 or 7/1/2, the ties going to the
        // part furthest below 12 of 80; the totals come to 56/12/12
        List<String> items = items("a", "10", "b", "10", "c", "10", "d", "10", "e", "10", "f", "10", "g", "10",
                "h", "10");

        Split<String> split = splits(items, 1).trainValidationTest(0.7, 0.15, 0.15);

        assertEquals(List.of(56, 12, 12), List.of(split.train().size(), split.validation().size(),
                split.test().size()));
        assertEquals(List.of(7L, 2L, 1L), List.of(count(split.train(), "a"), count(split.validation(), "a"),
                count(split.test(), "a")));
        assertEquals(List.of(7L, 1L, 2L), List.of(count(split.train(), "b"), count(split.validation(), "b"),
                count(split.test(), "b")));
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        List<String> items = items("a", "30", "b", "30");

        Split<String> first = splits(items, 42).trainValidationTest(0.5, 0.25, 0.25);
        Split<String> again = splits(new ArrayList<>(items), 42).trainValidationTest(0.5, 0.25, 0.25);
        Split<String> other = splits(items, 43).trainValidationTest(0.5, 0.25, 0.25);

        assertEquals(first, again);
        assertNotEquals(first.train(), other.train());
    }

    @Test
    void oneClassIsSplitLikeAny() {
        Split<String> split = splits(items("only", "10"), 3).trainValidationTest(0.7, 0.15, 0.15);

        assertEquals(List.of(7, 2, 1), List.of(split.train().size(), split.validation().size(),
                split.test().size()));
    }

    @Test
    void classesSmallerThanThePartsFillTrainThenValidation() {
        Split<String> split = splits(items("one", "1", "two", "2", "three", "3"), 5)
                .trainValidationTest(0.8, 0.1, 0.1);

        assertEquals(List.of("one-0"), split.train().stream().filter(i -> classOf(i).equals("one")).toList());
        assertEquals(List.of(1L, 1L, 0L), List.of(count(split.train(), "two"), count(split.validation(), "two"),
                count(split.test(), "two")));
        assertEquals(List.of(1L, 1L, 1L), List.of(count(split.train(), "three"),
                count(split.validation(), "three"), count(split.test(), "three")));
    }

    @Test
    void aZeroFractionGetsNothingAndTwoClassesSplitEvenly() {
        Split<String> split = splits(items("yes", "9", "no", "3"), 11).trainValidationTest(2 / 3.0, 1 / 3.0, 0);

        assertEquals(List.of(6L, 3L), List.of(count(split.train(), "yes"), count(split.validation(), "yes")));
        assertEquals(List.of(2L, 1L), List.of(count(split.train(), "no"), count(split.validation(), "no")));
        assertEquals(List.of(), split.test());
    }

    @Test
    void kFoldPutsEveryItemInExactlyOneValidationPartAndSpreadsEachClass() {
        List<String> items = items("a", "7", "b", "5", "c", "3");

        List<Fold<String>> folds = splits(items, 9).kFold(5);

        // dealt in turn: a to folds 0,1,2,3,4,0,1; b to 2,3,4,0,1; c to 2,3,4
        assertEquals(List.of(2L, 2L, 1L, 1L, 1L), folds.stream().map(f -> count(f.validation(), "a")).toList());
        assertEquals(List.of(1L, 1L, 1L, 1L, 1L), folds.stream().map(f -> count(f.validation(), "b")).toList());
        assertEquals(List.of(0L, 0L, 1L, 1L, 1L), folds.stream().map(f -> count(f.validation(), "c")).toList());
        Set<String> validated = new HashSet<>();
        for (Fold<String> fold : folds) {
            assertEquals(3, fold.validation().size());
            assertEquals(12, fold.train().size());
            Set<String> union = new HashSet<>(fold.train());
            union.addAll(fold.validation());
            assertEquals(Set.copyOf(items), union, "train and validation are disjoint and cover all");
            fold.validation().forEach(item -> assertEquals(true, validated.add(item), item + " validated twice"));
        }
        assertEquals(Set.copyOf(items), validated);
        assertEquals(folds, splits(items, 9).kFold(5), "same seed, same folds");
    }

    @Test
    void encodedSamplesSplitByTheirClassIndex() {
        List<MultimodalSample> samples = IntStream.range(0, 12).mapToObj(i -> MultimodalSample.builder()
                .put(Modality.TEXT, Features.vector(i)).label(i % 3).build()).toList();
        Function<MultimodalSample, Integer> classIndex = s -> s.label().orElseThrow().classIndex();

        Split<MultimodalSample> split = Splits.stratified(samples, classIndex, 0).trainValidationTest(0.5, 0.25, 0.25);

        for (int c = 0; c < 3; c++) {
            int cls = c;
            assertEquals(2, split.train().stream().filter(s -> classIndex.apply(s) == cls).count());
            assertEquals(1, split.validation().stream().filter(s -> classIndex.apply(s) == cls).count());
            assertEquals(1, split.test().stream().filter(s -> classIndex.apply(s) == cls).count());
        }
    }

    @Test
    void badFractionsKAndClassesAreRefused() {
        Splits<String> splits = splits(items("a", "4"), 0);
        assertThrows(IllegalArgumentException.class, () -> splits.trainValidationTest(0.5, 0.2, 0.2));
        assertThrows(IllegalArgumentException.class, () -> splits.trainValidationTest(0, 0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> splits.trainValidationTest(Double.NaN, 0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> splits.trainValidationTest(1.2, -0.2, 0));
        assertThrows(IllegalArgumentException.class, () -> splits.kFold(1));
        assertThrows(IllegalArgumentException.class, () -> splits.kFold(5));
        assertThrows(IllegalArgumentException.class, () -> Splits.stratified(List.of("x"), item -> null, 0));
    }
}
