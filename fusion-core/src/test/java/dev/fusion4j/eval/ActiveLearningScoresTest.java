package dev.fusion4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The uncertainty scores active learning ranks by, against their formulas. */
class ActiveLearningScoresTest {

    @Test
    void uncertaintyScoresFollowTheirFormulas() {
        assertEquals(Math.log(4), ActiveLearning.entropy(new double[] {0.25, 0.25, 0.25, 0.25}), 1e-12);
        assertEquals(0, ActiveLearning.entropy(new double[] {1, 0}), 1e-12);
        assertEquals(1 - (0.6 - 0.3), ActiveLearning.margin(new double[] {0.1, 0.6, 0.3}), 1e-12);
    }
}
