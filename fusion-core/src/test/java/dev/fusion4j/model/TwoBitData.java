package dev.fusion4j.model;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Four classes c = (a, b) with a = c mod 2 and b = c div 2. Text (a vector) shows bit a clearly and
 * bit b faintly; audio (a sequence of 3–6 frames) shows bit b clearly and bit a faintly. Each
 * modality alone can reach about 70–80 %, both together nearly 100 %.
 */
final class TwoBitData {
    static final int TEXT_WIDTH = 6;
    static final int AUDIO_WIDTH = 4;
    static final String[] LABELS = {"00", "10", "01", "11"};

    private TwoBitData() {
    }

    static List<MultimodalSample> generate(int count, long seed) {
        Random random = new Random(seed);
        List<MultimodalSample> samples = new ArrayList<>();
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
            for (float[] frame : audio) {
                frame[0] = b + 0.5f * (float) random.nextGaussian();
                frame[1] = 0.5f * a + (float) random.nextGaussian();
                for (int j = 2; j < AUDIO_WIDTH; j++) {
                    frame[j] = (float) random.nextGaussian();
                }
            }
            samples.add(MultimodalSample.builder().id("s" + seed + "-" + i).label(c)
                    .put(Modality.TEXT, Features.vector(text))
                    .put(Modality.AUDIO, Features.sequence(audio)).build());
        }
        return samples;
    }

    /** The samples with only {@code keep} (as a single-modality data set). */
    static List<MultimodalSample> only(List<MultimodalSample> samples, Modality keep) {
        List<MultimodalSample> out = new ArrayList<>();
        for (MultimodalSample s : samples) {
            MultimodalSample.Builder builder = MultimodalSample.builder().label(s.label().orElseThrow());
            builder.put(keep, s.get(keep).orElseThrow());
            out.add(builder.build());
        }
        return out;
    }

    /** The samples with {@code removed} taken out. */
    static List<MultimodalSample> without(List<MultimodalSample> samples, Modality removed) {
        return samples.stream().map(s -> s.without(removed)).toList();
    }
}
