package dev.fusion4j.examples;

import dev.fusion4j.audio.AudioClip;
import dev.fusion4j.audio.WavDecoder;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The embedded demo data set (resources {@code demo/}): spoken, written and captioned digits.
 * See {@code demo/README.md} for how it was made, its licence and its splits.
 */
public final class DemoDataset {
    /** The class names. */
    public static final String[] LABELS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

    /** One sample's raw modalities. */
    public record Item(String id, boolean train, int label, String caption, AudioClip audio, BufferedImage image) {
    }

    private DemoDataset() {
    }

    /** Every sample, training split first. */
    public static List<Item> load() {
        AudioClip audio;
        try (InputStream in = resource("demo/audio-8k.wav")) {
            audio = WavDecoder.decode(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        float[] samples = audio.samples();
        List<Item> items = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(resource("demo/digits.csv"),
                StandardCharsets.UTF_8))) {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] f = line.split(",", -1);
                int offset = Integer.parseInt(f[4]);
                int length = Integer.parseInt(f[5]);
                AudioClip clip = AudioClip.of(Arrays.copyOfRange(samples, offset, offset + length), audio.sampleRate());
                items.add(new Item(f[0], f[1].equals("train"), Integer.parseInt(f[2]), f[3], clip, image(f[6])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return items;
    }

    /** The 8 × 8 digit (values 0–16) as a grey image, white ink on black as in the source. */
    private static BufferedImage image(String pixels) {
        String[] values = pixels.split(" ");
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 64; i++) {
            int v = Math.min(255, Integer.parseInt(values[i]) * 16);
            image.getRaster().setSample(i % 8, i / 8, 0, v);
        }
        return image;
    }

    private static InputStream resource(String name) {
        InputStream in = DemoDataset.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the demo data set is missing from the classpath: " + name);
        }
        return in;
    }
}
