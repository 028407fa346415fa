package dev.fusion4j.benchmarks;

import dev.fusion4j.audio.AudioClip;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** One generated raw input of the end-to-end benchmarks: a caption, 1 s of 16 kHz audio, a 96² image. */
record RawSample(String caption, AudioClip audio, BufferedImage image) {

    /** {@code count} samples: captions of 8–19 words, noisy tones, random-pixel images. */
    static List<RawSample> generate(int count, Random random) {
        String[] words = "a small grey cat sat on the mat while music played near the window today".split(" ");
        List<RawSample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder caption = new StringBuilder();
            for (int w = 0; w < 8 + random.nextInt(12); w++) {
                caption.append(words[random.nextInt(words.length)]).append(' ');
            }
            float[] samples = new float[16000];
            for (int s = 0; s < samples.length; s++) {
                samples[s] = (float) (0.3 * Math.sin(2 * Math.PI * (200 + i) * s / 16000.0) + 0.05 * random.nextGaussian());
            }
            BufferedImage image = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
            for (int p = 0; p < 96 * 96; p++) {
                image.setRGB(p % 96, p / 96, random.nextInt(0xFFFFFF));
            }
            out.add(new RawSample(caption.toString().trim(), AudioClip.of(samples, 16000), image));
        }
        return out;
    }
}
