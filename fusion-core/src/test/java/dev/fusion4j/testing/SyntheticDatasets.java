package dev.fusion4j.testing;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated multimodal data sets where each modality carries part of the answer, for tests,
 * examples and benchmarks.
 */
public final class SyntheticDatasets {
    /** Width of the text vectors of {@link #twoBits}. */
    public static final int TEXT_WIDTH = 6;
    /** Width of the audio frames of {@link #twoBits}. */
    public static final int AUDIO_WIDTH = 4;
    /** Class names of {@link #twoBits}: bit a then bit b. */
    public static final List<String> TWO_BIT_LABELS = List.of("00", "10", "01", "11");

    private SyntheticDatasets() {
    }

    /**
     * Four classes {@code c = (a, b)}, {@code a = c mod 2}, {@code b = c div 2}. Text (a vector of
     * width 6) shows bit a clearly (±1 + N(0, 0.3²)) and bit b faintly (±0.5 + N(0, 1)); audio (3–6
     * frames of width 4) shows bit b clearly and bit a faintly, frame by frame; the other columns
     * are noise. Each modality alone reaches about 70–85 % accuracy, both together nearly 100 %.
     *
     * @param missingRate probability that a sample misses its text, and (separately) its audio;
     *     a sample never misses both
     */
    public static List<MultimodalSample> twoBits(int count, long seed, double missingRate) {
        Random random = new Random(seed);
        List<MultimodalSample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int c = random.nextInt(4);
            float a = (c & 1) == 1 ? 1f : -1f;
            float b = (c >> 1) == 1 ? 1f : -1f;
            float[] text = new float[TEXT_WIDTH];
            text[0] = a + 0.3f * (float) random.nextGaussian();
            text[1] = 0.5f * b + (float) random.nextGaussian();
            for (int j = 2; j < TEXT_WIDTH; j++) {
                text[j] = (float) random.nextGaussian();
            }
            int frames = 3 + random.nextInt(4);
            float[][] audio = new float[frames][AUDIO_WIDTH];
            double[] times = new double[frames];
            for (int t = 0; t < frames; t++) {
                audio[t][0] = b + 0.5f * (float) random.nextGaussian();
                audio[t][1] = 0.5f * a + (float) random.nextGaussian();
                for (int j = 2; j < AUDIO_WIDTH; j++) {
                    audio[t][j] = (float) random.nextGaussian();
                }
                times[t] = 0.02 * t;
            }
            double missing = random.nextDouble();
            MultimodalSample.Builder builder = MultimodalSample.builder().id("s" + seed + "-" + i).label(c);
            if (missing >= missingRate) {
                builder.put(Modality.TEXT, Features.vector(text));
            }
            if (missing < missingRate || missing >= 2 * missingRate) {
                builder.put(Modality.AUDIO, Features.sequence(audio).withTimestamps(times));
            }
            samples.add(builder.build());
        }
        return samples;
    }
}
