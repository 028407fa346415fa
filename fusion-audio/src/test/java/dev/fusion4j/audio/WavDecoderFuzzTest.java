package dev.fusion4j.audio;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: any bytes either decode to a clip or fail with {@link AudioFormatException}. In a
 * normal test run only the seed corpus ({@code WavDecoderFuzzTestInputs/}) runs; {@code JAZZER_FUZZ=1}
 * fuzzes (see the README).
 */
class WavDecoderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void decodeThrowsOnlyAudioFormatException(byte[] data) {
        try {
            AudioClip clip = WavDecoder.decode(data);
            if (clip.length() > WavDecoder.MAX_FRAMES) {
                throw new IllegalStateException("decoded more frames than the limit");
            }
        } catch (AudioFormatException expected) {
            // documented
        }
    }
}
