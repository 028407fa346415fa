package dev.fusion4j.benchmarks;

import dev.fusion4j.audio.AudioClip;
import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.audio.MfccConfig;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.image.ImagePreprocessor;
import dev.fusion4j.image.ResNet;
import dev.fusion4j.image.ResNetImageEncoder;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.Head;
import dev.fusion4j.model.TrainingOptions;
import dev.fusion4j.text.BertTextEncoder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * End to end, raw inputs to predictions: captions (MiniLM), speech (MFCC) and images (ResNet-18
 * at width 1/4, 64 × 64) encoded for 512 generated samples, then early fusion predicts. Each stage
 * alone, then the pipeline with the three encoders of a batch running concurrently and two batches
 * in flight; the pipeline's samples per second against the slowest stage's.
 */
public final class PipelineBenchmark {
    private static final int SAMPLES = 512;
    private static final int BATCH = 32;

    private PipelineBenchmark() {
    }

    record Raw(String caption, AudioClip audio, BufferedImage image) {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        List<Raw> raw = generate(new Random(5));
        MfccAudioEncoder audio = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).pooled(true).build();
        try (BertTextEncoder text = BertTextEncoder.builder().build();
             ResNetImageEncoder image = ResNetImageEncoder.builder().builtIn(ResNet.Depth.RESNET18, 0.25, 1)
                     .preprocessor(ImagePreprocessor.of(64, 64, new float[] {0.5f, 0.5f, 0.5f},
                             new float[] {0.25f, 0.25f, 0.25f})).build()) {
            List<MultimodalSample> encoded = samples(text.encodeAll(captions(raw, 0, SAMPLES)),
                    audioAll(audio, raw, 0, SAMPLES), image.encodeAll(images(raw, 0, SAMPLES)), 0);
            try (FusionModel model = FusionModel.builder().modality(Modality.TEXT, text).modality(Modality.AUDIO, audio)
                    .modality(Modality.IMAGE, image).fusion(Fusion.early())
                    .head(Head.classification("a", "b")).build()
                    .fit(encoded, List.of(), TrainingOptions.builder().epochs(1).progress(false).build())) {
                model.predictAll(encoded);
                double textRate = rate(() -> text.encodeAll(captions(raw, 0, SAMPLES)));
                double audioRate = rate(() -> audioAll(audio, raw, 0, SAMPLES));
                double imageRate = rate(() -> image.encodeAll(images(raw, 0, SAMPLES)));
                double predictRate = rate(() -> {
                    for (int start = 0; start < SAMPLES; start += BATCH) {
                        model.predictAll(encoded.subList(start, start + BATCH));
                    }
                });
                ExecutorService encoders = Executors.newFixedThreadPool(3);
                ExecutorService batches = Executors.newFixedThreadPool(2);
                double pipelineRate;
                try {
                    pipelineRate = rate(() -> pipeline(raw, text, audio, image, model, encoders, batches));
                } finally {
                    encoders.shutdown();
                    batches.shutdown();
                }
                double slowest = Math.min(Math.min(textRate, audioRate), Math.min(imageRate, predictRate));
                String table = String.format(Locale.ROOT, "# End-to-end pipeline%n%nCommand: `./mvnw -B -q -ntp "
                        + "-Pcompare -DskipTests verify -pl benchmarks -am -Dcompare.main=dev.fusion4j.benchmarks."
                        + "PipelineBenchmark`%n%n%d samples, batches of %d, samples per second (best of 3).%n%n"
                        + "| stage | samples/s |%n|---|---|%n| text (MiniLM) | %.1f |%n| audio (Kaldi MFCC) | %.1f |%n"
                        + "| image (ResNet-18 × 1/4, 64²) | %.1f |%n| fusion predict | %.1f |%n"
                        + "| **pipeline** (encoders concurrent, 2 batches in flight) | %.1f |%n%n"
                        + "Pipeline / slowest stage alone: %.2f.%n", SAMPLES, BATCH, textRate, audioRate, imageRate,
                        predictRate, pipelineRate, pipelineRate / slowest);
                System.out.print(table);
                Files.createDirectories(results);
                Files.writeString(results.resolve("pipeline.md"), table);
            }
        }
    }

    private static void pipeline(List<Raw> raw, BertTextEncoder text, MfccAudioEncoder audio, ResNetImageEncoder image,
                                 FusionModel model, ExecutorService encoders, ExecutorService batches) {
        List<Future<?>> running = new ArrayList<>();
        for (int start = 0; start < SAMPLES; start += BATCH) {
            int from = start;
            running.add(batches.submit(() -> {
                Future<List<Features>> t = encoders.submit(() -> text.encodeAll(captions(raw, from, from + BATCH)));
                Future<List<Features>> a = encoders.submit(() -> audioAll(audio, raw, from, from + BATCH));
                Future<List<Features>> i = encoders.submit(() -> image.encodeAll(images(raw, from, from + BATCH)));
                model.predictAll(samples(t.get(), a.get(), i.get(), from));
                return null;
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static double rate(Runnable work) {
        double best = 0;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            work.run();
            best = Math.max(best, SAMPLES / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    private static List<MultimodalSample> samples(List<Features> text, List<Features> audio, List<Features> image,
                                                  int offset) {
        List<MultimodalSample> out = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            out.add(MultimodalSample.builder().label((offset + i) % 2).put(Modality.TEXT, text.get(i))
                    .put(Modality.AUDIO, audio.get(i)).put(Modality.IMAGE, image.get(i)).build());
        }
        return out;
    }

    private static List<String> captions(List<Raw> raw, int from, int to) {
        return raw.subList(from, to).stream().map(Raw::caption).toList();
    }

    private static List<BufferedImage> images(List<Raw> raw, int from, int to) {
        return raw.subList(from, to).stream().map(Raw::image).toList();
    }

    private static List<Features> audioAll(MfccAudioEncoder audio, List<Raw> raw, int from, int to) {
        return raw.subList(from, to).stream().map(r -> audio.encode(r.audio())).toList();
    }

    private static List<Raw> generate(Random random) {
        String[] words = "a small grey cat sat on the mat while music played near the window today".split(" ");
        List<Raw> out = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
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
            out.add(new Raw(caption.toString().trim(), AudioClip.of(samples, 16000), image));
        }
        return out;
    }
}
