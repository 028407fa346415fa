package dev.fusion4j.benchmarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import dev.fusion4j.audio.MfccAudioEncoder;
import dev.fusion4j.audio.MfccConfig;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.RawInputs;
import dev.fusion4j.dataset.Manifest;
import dev.fusion4j.examples.SampleFolder;
import dev.fusion4j.examples.DemoDataset;
import dev.fusion4j.image.ImagePreprocessor;
import dev.fusion4j.image.ResNet;
import dev.fusion4j.image.ResNetImageEncoder;
import dev.fusion4j.model.Fusion;
import dev.fusion4j.model.FusionPipeline;
import dev.fusion4j.model.FusionSpec;
import dev.fusion4j.model.Head;
import dev.fusion4j.spark.SparkPipeline;
import dev.fusion4j.text.BertTextEncoder;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Raw demo rows (caption, WAV file, PNG file) to predictions: the pipeline's predictor in one JVM,
 * one batch at a time, against {@link SparkPipeline#score} on {@code local[1]} and {@code local[2]} over
 * the same rows; then the heap of the (local) executor over a long run of repeated jobs.
 */
public final class SparkBenchmark {
    private static final int ROWS = 400;
    private static final int BATCH = 32;
    private static final int LONG_RUN = 16;

    private SparkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        Path folder = SampleFolder.write(Files.createTempDirectory("fusion4j-spark-bench"), ROWS);
        FusionPipeline pipeline = pipeline();
        double single = singleJvm(pipeline, folder);
        double one = spark("local[1]", pipeline, folder, null);
        List<Long> heap = new ArrayList<>();
        double two = spark("local[2]", pipeline, folder, heap);
        String table = String.format(Locale.ROOT, "# Spark: encode + score%n%n"
                + "Command: `OMP_WAIT_POLICY=PASSIVE ./mvnw -B -q -ntp -Pcompare -DskipTests verify -pl benchmarks -am "
                + "-Dcompare.main=dev.fusion4j.benchmarks.SparkBenchmark`%n%n"
                + "%d demo rows (caption, WAV file, PNG file) to predictions by an untrained pipeline of MiniLM, "
                + "Kaldi MFCC and ResNet-18 × 1/4 (64²), batches of %d; rows per second, best of 3 after a warm-up. "
                + "Spark runs `SparkPipeline.score` on a cached DataFrame of 8 partitions into the `noop` sink, "
                + "in the same JVM as the single-JVM run (its encoders are built once and shared).%n%n"
                + "| run | rows/s | per-core efficiency against the single JVM |%n|---|---|---|%n"
                + "| single JVM, `FusionPipeline.Predictor.predictAll` | %.1f | 1 |%n"
                + "| Spark `local[1]` | %.1f | %.2f |%n"
                + "| Spark `local[2]` | %.1f | %.2f |%n%n"
                + "Scaling `local[1]` → `local[2]`: %.2f×.%n%n"
                + "Heap used after a full GC over %d more `local[2]` jobs (%d rows each), MB: %s.%n",
                ROWS, BATCH, single, one, one / single, two, two / (2 * single), two / one, LONG_RUN, ROWS,
                heap.stream().map(bytes -> String.format(Locale.ROOT, "%.0f", bytes / 1e6)).toList());
        System.out.print(table);
        Files.createDirectories(results);
        Files.writeString(results.resolve("spark.md"), table);
    }

    /** An untrained pipeline of the encoders {@link BringYourOwnData} trains with: throughput does not depend on training. */
    private static FusionPipeline pipeline() {
        MfccAudioEncoder audio = MfccAudioEncoder.builder().config(MfccConfig.kaldi()).pooled(true).build();
        try (BertTextEncoder text = BertTextEncoder.builder().build();
             ResNetImageEncoder image = ResNetImageEncoder.builder().builtIn(ResNet.Depth.RESNET18, 0.25, 1)
                     .preprocessor(ImagePreprocessor.of(64, 64, new float[] {0.3f, 0.3f, 0.3f},
                             new float[] {0.35f, 0.35f, 0.35f})).build()) {
            FusionSpec spec = FusionSpec.builder().modality(Modality.TEXT, text).modality(Modality.AUDIO, audio)
                    .modality(Modality.IMAGE, image).fusion(Fusion.early())
                    .head(Head.classification(DemoDataset.LABELS)).build();
            return FusionPipeline.of(spec.untrained(), Map.of(Modality.TEXT, text, Modality.AUDIO, audio,
                    Modality.IMAGE, image));
        }
    }

    private static double singleJvm(FusionPipeline pipeline, Path folder) throws Exception {
        List<RawInputs> rows = Manifest.csv(folder.resolve("manifest.csv")).id("id").label("label").text("text")
                .audio("audio").image("image").read().samples().stream().map(RawInputs::of).toList();
        try (FusionPipeline.Predictor predictor = pipeline.newPredictor()) {
            return best(() -> {
                for (int start = 0; start < rows.size(); start += BATCH) {
                    predictor.predictAll(rows.subList(start, Math.min(rows.size(), start + BATCH)));
                }
            });
        }
    }

    /** Rows per second on {@code master}; with {@code heap}, then the heap used after each of a long run of jobs. */
    private static double spark(String master, FusionPipeline pipeline, Path folder, List<Long> heap)
            throws Exception {
        SparkSession spark = SparkSession.builder().master(master).appName("fusion4j-spark-benchmark")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            String prefix = folder.toAbsolutePath() + "/";
            Dataset<Row> rows = spark.read().option("header", "true").csv(folder.resolve("manifest.csv").toString())
                    .withColumn("audio", concat(lit(prefix), col("audio")))
                    .withColumn("image", concat(lit(prefix), col("image"))).repartition(8).cache();
            rows.count();
            SparkPipeline job = SparkPipeline.builder(pipeline).batchSize(BATCH).build();
            Runnable score = () -> job.score(rows).write().format("noop").mode("overwrite").save();
            double rate = best(score::run);
            if (heap != null) {
                for (int run = 0; run < LONG_RUN; run++) {
                    score.run();
                    System.gc();
                    heap.add(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                }
            }
            return rate;
        } finally {
            spark.stop();
        }
    }

    /** A task that may throw. */
    private interface Work {
        void run() throws Exception;
    }

    /** Rows per second of the best of three runs after one warm-up. */
    private static double best(Work work) throws Exception {
        work.run();
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            work.run();
            fastest = Math.min(fastest, System.nanoTime() - start);
        }
        return ROWS / (fastest / 1e9);
    }
}
