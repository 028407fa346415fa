package dev.fusion4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void classificationMetricsOnAHandWorkedCase() {
        int[] actual = {0, 0, 1, 1, 2, 2};
        int[] predicted = {0, 1, 1, 1, 2, 0};
        assertEquals(4.0 / 6, Metrics.accuracy(predicted, actual), 1e-12);
        int[][] confusion = Metrics.confusionMatrix(predicted, actual, 3);
        assertArrayEquals(new int[] {1, 1, 0}, confusion[0]);
        assertArrayEquals(new int[] {0, 2, 0}, confusion[1]);
        assertArrayEquals(new int[] {1, 0, 1}, confusion[2]);
        // F1: class 0: 2*1/(2+1+1) = 0.5; class 1: 4/(4+1) = 0.8; class 2: 2/(2+0+1) = 2/3
        assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, Metrics.macroF1(confusion), 1e-12);
    }

    @Test
    void aurocEqualsTheShareOfCorrectlyOrderedPairsWithTiesAsHalf() {
        Random random = new Random(4);
        double[] scores = new double[200];
        boolean[] positive = new boolean[200];
        for (int i = 0; i < scores.length; i++) {
            positive[i] = random.nextBoolean();
            scores[i] = Math.round((random.nextGaussian() + (positive[i] ? 0.8 : 0)) * 4) / 4.0; // many ties
        }
        double pairs = 0;
        double correct = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < scores.length; j++) {
                if (positive[i] && !positive[j]) {
                    pairs++;
                    correct += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(correct / pairs, Metrics.auroc(scores, positive), 1e-12);
        assertEquals(1.0, Metrics.auroc(new double[] {0.1, 0.9}, new boolean[] {false, true}), 0);
        assertThrows(IllegalArgumentException.class, () -> Metrics.auroc(new double[] {1}, new boolean[] {true}));
    }

    @Test
    void regressionErrors() {
        double[] predicted = {1, 2, 3, 4};
        double[] actual = {2, 2, 1, 4};
        assertEquals(3.0 / 4, Metrics.meanAbsoluteError(predicted, actual), 1e-12);
        assertEquals(Math.sqrt(5.0 / 4), Metrics.rootMeanSquaredError(predicted, actual), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[2], new int[3]));
    }
}
