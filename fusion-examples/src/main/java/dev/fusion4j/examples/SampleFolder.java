package dev.fusion4j.examples;

import dev.fusion4j.audio.AudioClip;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Writes demo samples as a user's folder of files would be: a WAV and a PNG per sample and a
 * {@code manifest.csv} ({@code id,label,text,audio,image}) — data for {@link BringYourOwnData}.
 *
 * <p>{@code java ... SampleFolder target/byod-sample [count]}
 */
public final class SampleFolder {
    private SampleFolder() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = write(Path.of(args.length > 0 ? args[0] : "target/byod-sample"),
                args.length > 1 ? Integer.parseInt(args[1]) : 150);
        System.out.println("wrote " + folder.resolve("manifest.csv"));
    }

    /** Writes {@code count} demo samples as files plus a manifest, as a user's folder would be. */
    public static Path write(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        StringBuilder manifest = new StringBuilder("id,label,text,audio,image\n");
        List<DemoDataset.Item> items = DemoDataset.load();
        for (DemoDataset.Item item : items.subList(0, count)) {
            writeWav(item.audio(), folder.resolve(item.id() + ".wav"));
            ImageIO.write(item.image(), "png", folder.resolve(item.id() + ".png").toFile());
            manifest.append(item.id()).append(',').append(item.label()).append(',').append(csvField(item.caption())).append(',')
                    .append(item.id()).append(".wav,").append(item.id()).append(".png\n");
        }
        Files.writeString(folder.resolve("manifest.csv"), manifest);
        return folder;
    }

    private static void writeWav(AudioClip clip, Path file) throws IOException {
        float[] samples = clip.samples();
        ByteBuffer pcm = ByteBuffer.allocate(2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            pcm.putShort((short) Math.round(Math.max(-1, Math.min(1, s)) * 32767));
        }
        AudioFormat format = new AudioFormat(clip.sampleRate(), 16, 1, true, false);
        try (AudioInputStream stream = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format,
                samples.length)) {
            AudioSystem.write(stream, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    /** A CSV field: quoted, inner quotes doubled, when it holds a comma, a quote or a line break. */
    private static String csvField(String value) {
        return value.matches("(?s).*[,\"\r\n].*") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
