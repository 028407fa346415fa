package dev.fusion4j.benchmarks;

import dev.fusion4j.audio.AudioClip;
import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.audio.MfccConfig;
import dev.fusion4j.audio.TarsosMfccEncoder;
import dev.fusion4j.data.Encoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Real-time factor (seconds of audio encoded per second of one thread) of the MFCC presets and of
 * TarsosDSP's own MFCC class, on the same 100 speech-length clips (1–4 s at 16 kHz), in one run;
 * in the same run, the same settings in torchaudio on the same samples when {@code /usr/bin/python3}
 * has it ({@code mfcc_bench.py}; otherwise its columns show '-').
 */
public final class AudioEncoderComparison {
    private AudioEncoderComparison() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        List<AudioClip> clips = clips(new Random(3));
        double seconds = clips.stream().mapToDouble(AudioClip::duration).sum();
        Map<String, String> torchaudio = torchaudio(clips);
        StringBuilder table = new StringBuilder("# MFCC: Fusion4J presets vs torchaudio and TarsosDSP's MFCC\n\n")
                .append("Command: `./mvnw -B -q -ntp -Pcompare -DskipTests verify -pl benchmarks -am "
                        + "-Dcompare.main=dev.fusion4j.benchmarks.AudioEncoderComparison`\n\n")
                .append(String.format(Locale.ROOT, "%d clips, %.0f s of 16 kHz audio, one thread, best of 5. "
                        + "The torchaudio columns: the same settings on the same samples in torchaudio %s "
                        + "(/usr/bin/python3, torch.set_num_threads(1)), transforms.MFCC for the torchaudio preset "
                        + "and compliance.kaldi.mfcc for the Kaldi preset.%n%n", clips.size(), seconds,
                        torchaudio.getOrDefault("version", "(not available)")))
                .append("| encoder | real-time factor | relative to TarsosDSP | torchaudio, same settings "
                        + "| relative to torchaudio |\n|---|---|---|---|---|\n");
        double tarsos = realTime(new TarsosMfccEncoder(16000, 400, 160), clips, seconds);
        row(table, "Fusion4J Kaldi preset (13 MFCC)", realTime(
                MfccAudioEncoder.builder().config(MfccConfig.kaldi()).build(), clips, seconds), tarsos,
                torchaudio.get("kaldi"));
        row(table, "Fusion4J torchaudio preset (40 MFCC, 128 mels)", realTime(
                MfccAudioEncoder.builder().config(MfccConfig.torchaudio()).build(), clips, seconds), tarsos,
                torchaudio.get("torchaudio"));
        row(table, "TarsosDSP MFCC (30 coefficients, 400/160)", tarsos, tarsos, null);
        Files.createDirectories(results);
        Files.writeString(results.resolve("audio-encoder.md"), table.toString());
    }

    /** Appends and prints one row; {@code torchaudio}, the same settings' real-time factor there, may be null. */
    private static void row(StringBuilder table, String encoder, double realTime, double tarsos, String torchaudio) {
        Double theirs = torchaudio == null ? null : Double.valueOf(torchaudio);
        String line = String.format(Locale.ROOT, "| %s | %.0f× | %.2f | %s | %s |%n", encoder, realTime,
                realTime / tarsos, theirs == null ? "-" : String.format(Locale.ROOT, "%.0f×", theirs),
                theirs == null ? "-" : String.format(Locale.ROOT, "%.2f", realTime / theirs));
        table.append(line);
        System.out.print(line);
    }

    /**
     * Runs {@code mfcc_bench.py} on the clips' samples, handed over in a temporary file: its
     * {@code version}, {@code torchaudio} and {@code kaldi} values, or none without torchaudio.
     */
    private static Map<String, String> torchaudio(List<AudioClip> clips) throws IOException {
        int samples = clips.stream().mapToInt(AudioClip::length).sum();
        ByteBuffer buffer = ByteBuffer.allocate(4 * (1 + clips.size() + samples)).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(clips.size());
        clips.forEach(clip -> buffer.putInt(clip.length()));
        FloatBuffer floats = buffer.asFloatBuffer();
        clips.forEach(clip -> floats.put(clip.samples()));
        Path file = Files.createTempFile("mfcc_clips", ".f32");
        Map<String, String> out = new HashMap<>();
        try {
            Files.write(file, buffer.array());
            for (String line : PythonSide.run("mfcc_bench.py", file.toString())) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2 && List.of("version", "torchaudio", "kaldi").contains(parts[0])) {
                    out.put(parts[0], parts[1]);
                }
            }
        } finally {
            Files.delete(file);
        }
        return out;
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
