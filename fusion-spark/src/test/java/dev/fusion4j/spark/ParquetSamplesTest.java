package dev.fusion4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.FusionException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.train.SampleSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ParquetSamples} over Parquet written by Spark, and training from it in a heap smaller than the data. */
class ParquetSamplesTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSessions.local();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static void write(long first, long count, int partitions, Path directory) {
        SeparableSet.rows(spark, first, count, partitions)
                .withColumn(SparkPipeline.ERROR_COLUMN, when(col("id").equalTo(first + 5), lit("a bad row")))
                .write().option("parquet.block.size", 1 << 20).option("compression", "none")
                .option("parquet.enable.dictionary", "false").parquet(directory.toString());
    }

    private static List<MultimodalSample> all(SampleSource source, int pass, long seed) {
        List<MultimodalSample> samples = new ArrayList<>();
        try (SampleSource.Pass open = source.open(pass, seed)) {
            for (List<MultimodalSample> batch = open.next(100); !batch.isEmpty(); batch = open.next(100)) {
                samples.addAll(batch);
            }
        }
        return samples;
    }

    private static float[] text(MultimodalSample sample) {
        return sample.get(Modality.TEXT).orElseThrow().toArray();
    }

    @Test
    void readsTheRowsInFileOrderThenEachEpochShuffledRepeatably(@TempDir Path directory) {
        directory = directory.resolve("samples");
        write(0, 2000, 3, directory);
        ParquetSamples source = ParquetSamples.builder(directory).modalities(Modality.TEXT, Modality.AUDIO)
                .label("label").shuffleBuffer(500).build();
        List<Row> rows = spark.read().parquet(directory.toString()).filter(col("id").notEqual(5)).orderBy("id")
                .collectAsList();
        List<MultimodalSample> survey = all(source, 0, 7);
        assertEquals(1999, survey.size(), "the row with an error is skipped");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertEquals(row.getInt(row.fieldIndex("label")), survey.get(i).label().orElseThrow().classIndex());
            List<Float> expected = row.getList(row.fieldIndex(SparkPipeline.embeddingColumn(Modality.AUDIO)));
            float[] audio = survey.get(i).get(Modality.AUDIO).orElseThrow().toArray();
            for (int j = 0; j < audio.length; j++) {
                assertEquals(expected.get(j), audio[j], 0f);
            }
            assertFalse(survey.get(i).get(Modality.AUDIO).orElseThrow().isSequence());
        }
        List<MultimodalSample> first = all(source, 1, 7);
        assertEquals(keys(survey).stream().sorted().toList(), keys(first).stream().sorted().toList(),
                "an epoch holds the same samples");
        assertEquals(keys(first), keys(all(source, 1, 7)), "the same seed and epoch give the same order");
        assertNotEquals(keys(survey), keys(first), "an epoch is shuffled");
        assertNotEquals(keys(first), keys(all(source, 2, 7)), "each epoch in its own order");
        assertNotEquals(keys(first), keys(all(source, 1, 8)), "another seed, another order");
    }

    @Test
    void aMissingColumnIsNamedWithItsFile(@TempDir Path directory) {
        write(0, 10, 1, directory.resolve("samples"));
        ParquetSamples source = ParquetSamples.builder(directory.resolve("samples")).modalities(Modality.IMAGE)
                .label("label").build();
        FusionException e = assertThrows(FusionException.class, () -> all(source, 0, 1));
        assertTrue(e.getMessage().contains(".parquet has no column 'image_embedding'; its columns are [id, label, "
                + "text_embedding, audio_embedding, fusion_error]"), e.getMessage());
        IllegalArgumentException noLabel = assertThrows(IllegalArgumentException.class,
                () -> ParquetSamples.builder(directory.resolve("samples")).modalities(Modality.TEXT).build());
        assertEquals("name the label column, e.g. label(\"label\")", noLabel.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> ParquetSamples.builder(directory).modalities(Modality.TEXT).label("label").build());
        assertEquals("no .parquet file in " + directory, empty.getMessage());
    }

    private static List<String> keys(List<MultimodalSample> samples) {
        return samples.stream().map(s -> Arrays.toString(text(s))).toList();
    }

    /**
     * Trains for three epochs on 80,000 rows (41 MB of floats) in a JVM of 32 MB heap, then
     * scores 2,000 held-out rows, which the hyperplane behind the labels classifies all correctly.
     */
    @Test
    void trainsOnMoreSamplesThanTheHeapHolds(@TempDir Path directory) throws IOException, InterruptedException {
        int rows = 80_000;
        write(0, rows, 4, directory.resolve("train"));
        write(rows, 2000, 1, directory.resolve("test"));
        int correct = 0;
        List<Row> heldOut = spark.read().parquet(directory.resolve("test").toString())
                .filter(col(SparkPipeline.ERROR_COLUMN).isNull()).collectAsList();
        for (Row row : heldOut) {
            float[] text = floats(row.getList(row.fieldIndex(SparkPipeline.embeddingColumn(Modality.TEXT))));
            float[] audio = floats(row.getList(row.fieldIndex(SparkPipeline.embeddingColumn(Modality.AUDIO))));
            correct += SeparableSet.positive(text, audio) == (row.getInt(row.fieldIndex("label")) == 1) ? 1 : 0;
        }
        double reference = correct / (double) heldOut.size();
        assertEquals(1.0, reference, "the hyperplane separates the held-out rows");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx32m");
        command.add("-Dai.djl.offline=true");
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StreamingTrainingMain.class.getName(),
                directory.resolve("train").toString(), directory.resolve("test").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), output);
        String[] result = output.lines().filter(line -> line.startsWith("accuracy ")).findFirst().orElseThrow()
                .split(" ");
        double accuracy = Double.parseDouble(result[1]);
        long heap = Long.parseLong(result[3]);
        long dataBytes = (long) rows * 2 * SeparableSet.WIDTH * Float.BYTES;
        assertTrue(heap < dataBytes, "the heap (" + heap + " bytes) is smaller than the floats (" + dataBytes + ")");
        assertTrue(accuracy >= 0.97 * reference, "held-out accuracy " + accuracy + " against the hyperplane's "
                + reference + "\n" + output);
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
