package dev.fusion4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FeaturesTest {

    @Test
    void vectorHoldsItsValuesAsOneStep() {
        Features f = Features.vector(1f, 2f, 3f);
        assertFalse(f.isSequence());
        assertEquals(1, f.length());
        assertEquals(3, f.dim());
        assertEquals(2f, f.get(0, 1));
        assertArrayEquals(new float[] {1, 2, 3}, f.toArray());
    }

    @Test
    void sequenceIsRowMajorWithRowAccess() {
        Features f = Features.sequence(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        assertTrue(f.isSequence());
        assertEquals(3, f.length());
        assertEquals(2, f.dim());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, f.toArray());
        assertArrayEquals(new float[] {3, 4}, f.row(1));
        assertEquals(f, Features.sequence(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
    }

    @Test
    void inputsAndOutputsAreCopiedSoFeaturesNeverChange() {
        float[] values = {1, 2};
        float[][] rows = {{1, 2}};
        Features vector = Features.vector(values);
        Features sequence = Features.sequence(rows);
        values[0] = 99;
        rows[0][0] = 99;
        vector.toArray()[1] = 99;
        sequence.row(0)[1] = 99;
        assertArrayEquals(new float[] {1, 2}, vector.toArray());
        assertArrayEquals(new float[] {1, 2}, sequence.toArray());
    }

    @Test
    void nonFiniteValuesAreRejectedNamingStepAndColumn() {
        InvalidFeaturesException nan = assertThrows(InvalidFeaturesException.class,
                () -> Features.sequence(new float[][] {{1, 2, 3}, {4, Float.NaN, 6}}));
        assertTrue(nan.getMessage().contains("step 1, column 1"), nan.getMessage());
        InvalidFeaturesException inf = assertThrows(InvalidFeaturesException.class,
                () -> Features.vector(0f, Float.POSITIVE_INFINITY));
        assertTrue(inf.getMessage().contains("Infinity") && inf.getMessage().contains("column 1"), inf.getMessage());
    }

    @Test
    void emptyAndRaggedInputsAreRejected() {
        assertThrows(InvalidFeaturesException.class, Features::vector);
        assertThrows(InvalidFeaturesException.class, () -> Features.sequence(new float[0][]));
        assertThrows(InvalidFeaturesException.class, () -> Features.sequence(new float[][] {{}}));
        InvalidFeaturesException ragged = assertThrows(InvalidFeaturesException.class,
                () -> Features.sequence(new float[][] {{1, 2}, {3, 4}, {5}}));
        assertTrue(ragged.getMessage().contains("step 2 has 1 values but step 0 has 2"), ragged.getMessage());
        assertThrows(InvalidFeaturesException.class, () -> Features.sequence(new float[][] {{1}, null}));
        assertThrows(InvalidFeaturesException.class, () -> Features.sequence(new float[5], 2, 3));
        assertThrows(InvalidFeaturesException.class, () -> Features.sequence(new float[0], 0, 3));
    }

    @Test
    void timestampsMustMatchTheLengthAndStrictlyIncrease() {
        Features f = Features.sequence(new float[][] {{1}, {2}, {3}});
        Features stamped = f.withTimestamps(0.0, 0.5, 0.75);
        assertTrue(stamped.hasTimestamps());
        assertFalse(f.hasTimestamps());
        assertArrayEquals(new double[] {0.0, 0.5, 0.75}, stamped.timestamps());
        assertNotEquals(f, stamped);
        assertThrows(IllegalStateException.class, f::timestamps);

        InvalidFeaturesException backwards = assertThrows(InvalidFeaturesException.class,
                () -> f.withTimestamps(0.0, 0.5, 0.5));
        assertTrue(backwards.getMessage().contains("step 2"), backwards.getMessage());
        assertThrows(InvalidFeaturesException.class, () -> f.withTimestamps(0.0, 1.0));
        assertThrows(InvalidFeaturesException.class, () -> f.withTimestamps(0.0, Double.NaN, 1.0));
        assertThrows(InvalidFeaturesException.class, () -> Features.vector(1f).withTimestamps(0.0));
    }

    @Test
    void equalityIsByValue() {
        assertEquals(Features.vector(1, 2), Features.vector(1, 2));
        assertEquals(Features.vector(1, 2).hashCode(), Features.vector(1, 2).hashCode());
        assertNotEquals(Features.vector(1, 2), Features.sequence(new float[][] {{1, 2}}));
    }
}
