package dev.fusion4j.benchmarks;

import dev.fusion4j.audio.AudioClip;
import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.data.Encoder;
import dev.fusion4j.data.EncoderFactory;
import dev.fusion4j.data.Modality;
import dev.fusion4j.dataset.CacheStats;
import dev.fusion4j.dataset.DatasetEncoder;
import dev.fusion4j.dataset.Manifest;
import dev.fusion4j.dataset.RawDataset;
import dev.fusion4j.examples.SampleFolder;
import dev.fusion4j.image.ResNetImageEncoder;
import dev.fusion4j.text.BertTextEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Files to samples with {@link DatasetEncoder}: the demo data written as a folder of WAVs, PNGs and
 * a manifest of captions, encoded by the encoders of {@link PipelineStages}. Each stage alone
 * (decoding the files, then text, audio and image encoding of the decoded inputs), the dataset
 * encoder against the sum and the slowest of the stages, then the embedding cache cold and warm.
 * Times are the best of three rounds, each timing every case in turn.
 */
public final class EncodingBenchmark {
    private static final int SAMPLES = 512;
    private static final int BATCH = 32;
    private static final int ROUNDS = 3;

    private EncodingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        Path work = Files.createTempDirectory("fusion4j-encoding");
        try (BertTextEncoder text = PipelineStages.textEncoder();
             ResNetImageEncoder image = PipelineStages.imageEncoder()) {
            MfccAudioEncoder audio = PipelineStages.audioEncoder();
            RawDataset dataset = Manifest.csv(SampleFolder.write(work.resolve("demo"), SAMPLES).resolve("manifest.csv"))
                    .label("label").text("text").audio("audio").image("image").read();
            List<String> captions = dataset.samples().stream().map(row -> row.text(Modality.TEXT).orElseThrow()).toList();
            List<Path> wavs = dataset.samples().stream().map(row -> row.file(Modality.AUDIO).orElseThrow()).toList();
            List<Path> pngs = dataset.samples().stream().map(row -> row.file(Modality.IMAGE).orElseThrow()).toList();
            EncoderFactory<?> wavReader = factory(audio);
            EncoderFactory<?> pngReader = factory(image);
            List<AudioClip> clips = wavs.stream().map(file -> (AudioClip) wavReader.read(file)).toList();
            List<BufferedImage> pictures = pngs.stream().map(file -> (BufferedImage) pngReader.read(file)).toList();

            Supplier<DatasetEncoder.Builder> builder = () -> DatasetEncoder.builder().encoder(Modality.TEXT, text)
                    .encoder(Modality.AUDIO, audio).encoder(Modality.IMAGE, image).batchSize(BATCH);
            Map<String, Double> best = new HashMap<>();
            CacheStats warmStats = null;
            for (int round = 0; round < ROUNDS; round++) {   // interleaved, so that a load from outside hits all alike
                measure(best, "decoding", () -> {
                    wavs.forEach(wavReader::read);
                    pngs.forEach(pngReader::read);
                });
                measure(best, "text", () -> batched(text, captions));
                measure(best, "audio", () -> batched(audio, clips));
                measure(best, "image", () -> batched(image, pictures));
                measure(best, "encoder", () -> encode(builder.get(), dataset));
                DatasetEncoder.Builder cached = builder.get().cache(work.resolve("cache-" + round));
                measure(best, "cold", () -> encode(cached, dataset));
                long start = System.nanoTime();
                warmStats = encode(cached, dataset);
                best.merge("warm", (System.nanoTime() - start) / 1e9, Math::min);
            }
            double decoding = best.get("decoding");
            double textStage = best.get("text");
            double audioStage = best.get("audio");
            double imageStage = best.get("image");
            double sum = decoding + textStage + audioStage + imageStage;
            double slowest = Math.max(Math.max(decoding, textStage), Math.max(audioStage, imageStage));
            double encoder = best.get("encoder");
            double coldBest = best.get("cold");
            double warmBest = best.get("warm");

            String table = String.format(Locale.ROOT, "# Dataset encoding: files to samples%n%n"
                    + "Command: `OMP_WAIT_POLICY=PASSIVE ./mvnw -B -q -ntp -Pcompare -DskipTests verify -pl benchmarks -am "
                    + "-Dcompare.main=dev.fusion4j.benchmarks.EncodingBenchmark`%n%n"
                    + "%d demo samples written as files (a WAV, a PNG and a caption in `manifest.csv` each), encoded by "
                    + "`DatasetEncoder` with MiniLM, the Kaldi MFCC preset (pooled) and ResNet-18 × 1/4 at 64², "
                    + "batches of %d; best of %d rounds, each round timing every row below in turn. The "
                    + "machine (2 cores) was shared with other builds. Each stage alone:%n%n"
                    + "| stage | seconds | samples/s |%n|---|---|---|%n"
                    + "| decoding (WAV + PNG files) | %.2f | %.0f |%n| text encoding | %.2f | %.0f |%n"
                    + "| audio encoding | %.2f | %.0f |%n| image encoding | %.2f | %.0f |%n"
                    + "| sum of the stages | %.2f | %.0f |%n%n"
                    + "| DatasetEncoder (modalities at once) | seconds | samples/s | ÷ 1/Σ stages | ÷ 1/max stage |%n"
                    + "|---|---|---|---|---|%n| no cache | %.2f | %.0f | %.2f | %.2f |%n"
                    + "| cold cache (encode and store) | %.2f | %.0f | %.2f | %.2f |%n"
                    + "| warm cache (all hits: %d hits, %d misses) | %.3f | %.0f | %.1f | %.1f |%n%n"
                    + "Cache hit speed-up (cold ÷ warm): %.1f×; cost of storing (cold ÷ no cache): %.2f×.%n",
                    SAMPLES, BATCH, ROUNDS,
                    decoding, SAMPLES / decoding, textStage, SAMPLES / textStage, audioStage, SAMPLES / audioStage,
                    imageStage, SAMPLES / imageStage, sum, SAMPLES / sum,
                    encoder, SAMPLES / encoder, sum / encoder, slowest / encoder,
                    coldBest, SAMPLES / coldBest, sum / coldBest, slowest / coldBest,
                    warmStats.hits(), warmStats.misses(), warmBest, SAMPLES / warmBest, sum / warmBest, slowest / warmBest,
                    coldBest / warmBest, coldBest / encoder);
            System.out.print(table);
            Files.createDirectories(results);
            Files.writeString(results.resolve("encoding.md"), table);
        } finally {
            delete(work);
        }
    }

    /** One run of a dataset encoder built by {@code builder}: its cache statistics. */
    private static CacheStats encode(DatasetEncoder.Builder builder, RawDataset dataset) {
        try (DatasetEncoder encoder = builder.build()) {
            if (encoder.encode(dataset).size() != SAMPLES) {
                throw new IllegalStateException("lost samples");
            }
            return encoder.cacheStats();
        }
    }

    private static <I> void batched(Encoder<I> encoder, List<I> inputs) {
        for (int start = 0; start < inputs.size(); start += BATCH) {
            encoder.encodeAll(inputs.subList(start, Math.min(inputs.size(), start + BATCH)));
        }
    }

    private static EncoderFactory<?> factory(Encoder<?> encoder) {
        return EncoderFactory.require(encoder.spec().orElseThrow().type());
    }

    /** Runs {@code work} once, keeping its time in seconds under {@code name} if it is the best yet. */
    private static void measure(Map<String, Double> best, String name, Runnable work) {
        long start = System.nanoTime();
        work.run();
        best.merge(name, (System.nanoTime() - start) / 1e9, Math::min);
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
