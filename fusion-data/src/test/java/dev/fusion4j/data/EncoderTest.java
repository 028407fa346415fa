package dev.fusion4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderTest {
    /** Encodes a string as its length, {@code dim} times. */
    private record LengthEncoder(int dim) implements Encoder<String> {
        @Override
        public Features encode(String input) {
            float[] values = new float[dim];
            java.util.Arrays.fill(values, input.length());
            return Features.vector(values);
        }
    }

    @Test
    void theDefaultDescriptionNamesTheClassAndTheWidth() {
        assertEquals("LengthEncoder(3)", new LengthEncoder(3).description());
        assertEquals("LengthEncoder(7)", new LengthEncoder(7).description());
    }

    @Test
    void anEncoderHasNoSpecUnlessItSaysHowToRebuildIt() {
        assertEquals(java.util.Optional.empty(), new LengthEncoder(3).spec());
    }

    @Test
    void encodeAllEncodesEachInputInOrder() {
        assertEquals(List.of(Features.vector(2, 2), Features.vector(0, 0)),
                new LengthEncoder(2).encodeAll(List.of("ab", "")));
    }
}
