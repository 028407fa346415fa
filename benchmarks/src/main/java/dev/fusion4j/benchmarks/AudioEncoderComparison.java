package dev.fusion4j.benchmarks;

import dev.fusion4j.audio.AudioClip;
import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.audio.MfccConfig;
import dev.fusion4j.audio.TarsosMfccEncoder;
import dev.fusion4j.data.Encoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Real-time factor (seconds of audio encoded per second of one thread) of the MFCC presets and of
 * TarsosDSP's own MFCC class, on the same 100 speech-length clips (1–4 s at 16 kHz), in one run.
 */
public final class AudioEncoderComparison {
    private AudioEncoderComparison() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        List<AudioClip> clips = clips(new Random(3));
        double seconds = clips.stream().mapToDouble(AudioClip::duration).sum();
        StringBuilder table = new StringBuilder("# MFCC: Fusion4J presets vs TarsosDSP's MFCC\n\n")
                .append("Command: `./mvnw -B -q -ntp -Pcompare -DskipTests verify -pl benchmarks -am "
                        + "-Dcompare.main=dev.fusion4j.benchmarks.AudioEncoderComparison`\n\n")
                .append(String.format(Locale.ROOT, "%d clips, %.0f s of 16 kHz audio, one thread, best of 5.%n%n",
                        clips.size(), seconds))
                .append("| encoder | real-time factor | relative to TarsosDSP |\n|---|---|---|\n");
        double tarsos = realTime(new TarsosMfccEncoder(16000, 400, 160), clips, seconds);
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"Fusion4J Kaldi preset (13 MFCC)", realTime(
                MfccAudioEncoder.builder().config(MfccConfig.kaldi()).build(), clips, seconds)});
        rows.add(new Object[] {"Fusion4J torchaudio preset (40 MFCC, 128 mels)", realTime(
                MfccAudioEncoder.builder().config(MfccConfig.torchaudio()).build(), clips, seconds)});
        rows.add(new Object[] {"TarsosDSP MFCC (30 coefficients, 400/160)", tarsos});
        for (Object[] row : rows) {
            String line = String.format(Locale.ROOT, "| %s | %.0f× | %.2f |%n", row[0], (double) row[1],
                    (double) row[1] / tarsos);
            table.append(line);
            System.out.print(line);
        }
        Files.createDirectories(results);
        Files.writeString(results.resolve("audio-encoder.md"), table.toString());
    }

    private static double realTime(Encoder<AudioClip> encoder, List<AudioClip> clips, double seconds) {
        clips.subList(0, 10).forEach(encoder::encode);
        double best = 0;
        for (int run = 0; run < 5; run++) {
            long start = System.nanoTime();
            for (AudioClip clip : clips) {
                encoder.encode(clip);
            }
            best = Math.max(best, seconds / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    private static List<AudioClip> clips(Random random) {
        List<AudioClip> clips = new ArrayList<>();
        for (int c = 0; c < 100; c++) {
            float[] x = new float[16000 + random.nextInt(48000)];
            double f0 = 100 + 150 * random.nextDouble();
            for (int i = 0; i < x.length; i++) {
                double t = i / 16000.0;
                x[i] = (float) (0.3 * Math.sin(2 * Math.PI * f0 * t) + 0.2 * Math.sin(2 * Math.PI * 3 * f0 * t)
                        + 0.05 * random.nextGaussian());
            }
            clips.add(AudioClip.of(x, 16000));
        }
        return clips;
    }
}
