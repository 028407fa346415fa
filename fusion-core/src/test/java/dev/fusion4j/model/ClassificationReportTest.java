package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fusion4j.model.Evaluation.ClassificationReport;
import dev.fusion4j.model.Evaluation.ClassificationReport.Scores;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {
    private static final double EPS = 1e-12;
    private static final List<String> NAMES = List.of("cat", "dog", "owl", "yak");
    // actual    cat cat cat cat dog dog owl
    // predicted cat cat cat dog cat dog cat
    // confusion [actual][predicted]: cat [3 1 0 0], dog [1 1 0 0], owl [1 0 0 0], yak [0 0 0 0]
    private static final int[] ACTUAL = {0, 0, 0, 0, 1, 1, 2};
    private static final int[] PREDICTED = {0, 0, 0, 1, 0, 1, 0};

    private static void assertScores(double precision, double recall, double f1, int support, Scores scores) {
        assertEquals(precision, scores.precision(), EPS, "precision");
        assertEquals(recall, scores.recall(), EPS, "recall");
        assertEquals(f1, scores.f1(), EPS, "F1");
        assertEquals(support, scores.support(), "support");
    }

    @Test
    void perClassScoresAndAveragesFromAHandCountedConfusionMatrix() {
        ClassificationReport report = ClassificationReport.of(PREDICTED, ACTUAL, NAMES);

        // cat: TP 3, FP 2 (a dog and an owl), FN 1 → 3/5, 3/4, 6/9
        assertScores(0.6, 0.75, 2 / 3.0, 4, report.perClass().get(0));
        // dog: TP 1, FP 1, FN 1 → 1/2, 1/2, 2/4
        assertScores(0.5, 0.5, 0.5, 2, report.perClass().get(1));
        // owl: never predicted, TP 0, FN 1 → 0, 0, 0
        assertScores(0, 0, 0, 1, report.perClass().get(2));
        // yak: neither present nor predicted → 0 everywhere, and left out of the macro average
        assertScores(0, 0, 0, 0, report.perClass().get(3));
        assertScores((0.6 + 0.5) / 3, (0.75 + 0.5) / 3, (2 / 3.0 + 0.5) / 3, 7, report.macroAverage());
        assertScores((4 * 0.6 + 2 * 0.5) / 7, (4 * 0.75 + 2 * 0.5) / 7, (4 * 2 / 3.0 + 2 * 0.5) / 7, 7,
                report.weightedAverage());
        assertEquals(4 / 7.0, report.accuracy(), EPS);
        assertEquals(Metrics.macroF1(Metrics.confusionMatrix(PREDICTED, ACTUAL, 4)), report.macroAverage().f1(), EPS,
                "the macro F1 is Evaluation's");
        assertEquals(NAMES, report.classNames());
    }

    @Test
    void markdownListsClassesAccuracyAndAverages() {
        assertEquals("""
                | class | precision | recall | F1 | support |
                |---|---|---|---|---|
                | cat | 0.6000 | 0.7500 | 0.6667 | 4 |
                | dog | 0.5000 | 0.5000 | 0.5000 | 2 |
                | owl | 0.0000 | 0.0000 | 0.0000 | 1 |
                | yak | 0.0000 | 0.0000 | 0.0000 | 0 |
                | accuracy | | | 0.5714 | 7 |
                | macro avg | 0.3667 | 0.4167 | 0.3889 | 7 |
                | weighted avg | 0.4857 | 0.5714 | 0.5238 | 7 |
                """, ClassificationReport.of(PREDICTED, ACTUAL, NAMES).toMarkdown());
    }

    @Test
    void indicesOutsideTheClassesOrNoSamplesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationReport.of(new int[] {0, 4}, new int[] {0, 1}, NAMES));
        assertEquals("predicted[1] = 4 is not a class index of [cat, dog, owl, yak]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassificationReport.of(new int[] {0}, new int[] {-1}, NAMES));
        assertThrows(IllegalArgumentException.class, () -> ClassificationReport.of(new int[0], new int[0], NAMES));
        assertThrows(IllegalArgumentException.class, () -> ClassificationReport.of(new int[] {0}, new int[0], NAMES));
    }
}
