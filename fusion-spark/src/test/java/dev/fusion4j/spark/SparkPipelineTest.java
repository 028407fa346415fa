package dev.fusion4j.spark;

import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusion4j.audio.WavDecoder;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.data.RawInputs;
import dev.fusion4j.image.ImageDecoder;
import dev.fusion4j.image.ResNetImageEncoder;
import dev.fusion4j.model.FusionPipeline;
import dev.fusion4j.model.Prediction;
import dev.fusion4j.text.BertTextEncoder;
import dev.fusion4j.train.SampleSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline of text, audio and image encoders run on an embedded {@code local[2]} Spark over
 * rows of captions, WAV contents and PNG paths, checked against the same pipeline run in this
 * JVM without Spark.
 */
class SparkPipelineTest {
    private static final int ROWS = 10;
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType)
            .add("text", DataTypes.StringType)
            .add("audio", DataTypes.BinaryType)
            .add("image", DataTypes.StringType);

    private static SparkSession spark;
    private static Path folder;
    private static FusionPipeline pipeline;

    @BeforeAll
    static void start(@TempDir Path dir) {
        folder = dir;
        spark = SparkSessions.local();
        pipeline = SyntheticInputs.pipeline(8);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Row row(int i) {
        return RowFactory.create(SyntheticInputs.id(i), SyntheticInputs.caption(i), SyntheticInputs.wav(i),
                SyntheticInputs.pngFile(folder, i).toString());
    }

    private static Dataset<Row> frame(List<Row> rows) {
        return spark.createDataFrame(rows, SCHEMA).repartition(2);
    }

    private static List<Row> goodRows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(row(i));
        }
        return rows;
    }

    private static Map<String, Row> byId(Dataset<Row> rows) {
        Map<String, Row> map = new HashMap<>();
        rows.collectAsList().forEach(row -> map.put(row.getString(row.fieldIndex("id")), row));
        return map;
    }

    private static SparkPipeline.Builder job() {
        return SparkPipeline.builder(pipeline).id("id").batchSize(3);
    }

    @Test
    void encodesEachModalityAsTheEncodersDoInOneJvm() {
        Map<String, Row> encoded = byId(job().build().encode(frame(goodRows())));
        assertEquals(ROWS, encoded.size());
        try (BertTextEncoder text = BertTextEncoder.builder().build();
             ResNetImageEncoder image = SyntheticInputs.imageEncoder()) {
            for (int i = 0; i < ROWS; i++) {
                Row row = encoded.get(SyntheticInputs.id(i));
                assertNull(row.getAs(SparkPipeline.ERROR_COLUMN));
                assertClose(text.encode(SyntheticInputs.caption(i)), row, Modality.TEXT);
                assertClose(SyntheticInputs.audioEncoder().encode(WavDecoder.decode(SyntheticInputs.wav(i))), row,
                        Modality.AUDIO);
                assertClose(image.encode(ImageDecoder.decode(SyntheticInputs.png(i))), row, Modality.IMAGE);
            }
        }
    }

    /** The embedding column holds the features' values; the frames column, a sequence's length or null. */
    private static void assertClose(Features expected, Row row, Modality modality) {
        assertArrayEquals(expected.toArray(), floats(row, modality), 1e-4f, modality.name());
        Integer frames = row.getAs(SparkPipeline.framesColumn(modality));
        assertEquals(expected.isSequence() ? Integer.valueOf(expected.length()) : null, frames, modality.name());
    }

    @Test
    void scoresAsThePipelinePredictorDoesInOneJvm() {
        List<RawInputs> inputs = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            inputs.add(SyntheticInputs.raw(i, folder));
        }
        List<Prediction> expected;
        try (FusionPipeline.Predictor predictor = pipeline.newPredictor()) {
            expected = predictor.predictAll(inputs);
        }
        Map<String, Row> scored = byId(job().build().score(frame(goodRows())));
        for (int i = 0; i < ROWS; i++) {
            Row row = scored.get(SyntheticInputs.id(i));
            assertEquals(expected.get(i).label(), row.getAs(SparkPipeline.PREDICTION_COLUMN));
            assertArrayEquals(expected.get(i).probabilities(), doubles(row, SparkPipeline.PROBABILITIES_COLUMN), 1e-4);
            assertNull(row.getAs(SparkPipeline.VALUES_COLUMN));
            assertNull(row.getAs(SparkPipeline.ERROR_COLUMN));
        }
    }

    private static double[] doubles(Row row, String column) {
        return row.<Double>getList(row.fieldIndex(column)).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Good rows, a row whose WAV is damaged and one whose image file does not exist. */
    private static List<Row> rowsWithTwoBad() {
        List<Row> rows = goodRows();
        rows.set(3, RowFactory.create("bad-audio", SyntheticInputs.caption(3), new byte[] {'R', 'I', 'F', 'F', 1, 2},
                SyntheticInputs.pngFile(folder, 3).toString()));
        rows.set(6, RowFactory.create("bad-image", SyntheticInputs.caption(6), SyntheticInputs.wav(6),
                folder.resolve("missing.png").toString()));
        return rows;
    }

    @Test
    void aBadRowGetsNullResultsAndItsReasonWhileTheOthersAreScored() {
        Map<String, Row> scored = byId(job().badRows(BadRows.ERROR_COLUMN).build().score(frame(rowsWithTwoBad())));
        assertEquals(ROWS, scored.size());
        Row audio = scored.get("bad-audio");
        assertNull(audio.getAs(SparkPipeline.PREDICTION_COLUMN));
        assertNull(audio.getAs(SparkPipeline.PROBABILITIES_COLUMN));
        String audioError = audio.getAs(SparkPipeline.ERROR_COLUMN);
        assertTrue(audioError.startsWith("row 'bad-audio', modality 'audio': "), audioError);
        assertTrue(audioError.toLowerCase().contains("wav"), audioError);
        String imageError = scored.get("bad-image").getAs(SparkPipeline.ERROR_COLUMN);
        assertTrue(imageError.startsWith("row 'bad-image', modality 'image': "), imageError);
        assertTrue(imageError.contains("missing.png"), imageError);
        assertNull(scored.get("bad-image").getAs(SparkPipeline.PREDICTION_COLUMN));
        int scoredRows = 0;
        for (Row row : scored.values()) {
            if (row.getAs(SparkPipeline.ERROR_COLUMN) == null) {
                assertNotNull(row.getAs(SparkPipeline.PREDICTION_COLUMN));
                scoredRows++;
            }
        }
        assertEquals(ROWS - 2, scoredRows);
    }

    @Test
    void aBadRowFailsTheJobWithItsReasonWhenAsked() {
        Dataset<Row> scored = job().badRows(BadRows.FAIL_JOB).build().score(frame(rowsWithTwoBad()).filter("id != 'bad-image'"));
        SparkException e = assertThrows(SparkException.class, scored::collectAsList);
        assertTrue(e.getMessage().contains("row 'bad-audio', modality 'audio': "), e.getMessage());
    }

    @Test
    void encodingsWrittenToParquetAreReadBackAsTrainingSamples(@TempDir Path directory) {
        Path out = directory.resolve("encoded");
        Dataset<Row> encoded = job().build().encode(frame(rowsWithTwoBad()))
                .withColumn("label", expr("try_cast(substring(id, 2) as int) % 2"));
        encoded.write().parquet(out.toString());
        List<Row> rows = encoded.filter(SparkPipeline.ERROR_COLUMN + " is null").collectAsList();
        List<MultimodalSample> samples = new ArrayList<>();
        SampleSource source = ParquetSamples.builder(out).modalities(Modality.TEXT, Modality.AUDIO, Modality.IMAGE)
                .label("label").build();
        try (SampleSource.Pass pass = source.open(0, 1)) {
            samples.addAll(pass.next(100));
        }
        assertEquals(ROWS - 2, samples.size(), "the rows with errors are skipped");
        assertEquals(rows.size(), samples.size());
        for (Row row : rows) {
            int i = Integer.parseInt(row.getString(row.fieldIndex("id")).substring(1));
            MultimodalSample sample = samples.stream().filter(s -> Arrays.equals(
                    s.get(Modality.TEXT).orElseThrow().toArray(), floats(row, Modality.TEXT))).findFirst().orElseThrow();
            assertEquals(i % 2, sample.label().orElseThrow().classIndex());
            for (Modality modality : List.of(Modality.AUDIO, Modality.IMAGE)) {
                Features features = sample.get(modality).orElseThrow();
                assertArrayEquals(floats(row, modality), features.toArray(), modality.name());
                Integer frames = row.getAs(SparkPipeline.framesColumn(modality));
                assertEquals(frames != null, features.isSequence(), modality.name());
                assertEquals(frames == null ? 1 : frames, features.length());
            }
        }
        assertTrue(samples.get(0).get(Modality.AUDIO).orElseThrow().isSequence(), "MFCC frames stay a sequence");
    }

    private static float[] floats(Row row, Modality modality) {
        List<Float> values = row.getList(row.fieldIndex(SparkPipeline.embeddingColumn(modality)));
        float[] out = new float[values.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = values.get(k);
        }
        return out;
    }

    @Test
    void aBareModelScoresEncodedRowsAsThePipelineScoresRawOnes() {
        Dataset<Row> rows = frame(rowsWithTwoBad());
        Map<String, Row> raw = byId(job().build().score(rows));
        SparkPipeline model = SparkPipeline.builder(pipeline.model()).id("id").batchSize(4).build();
        Map<String, Row> encoded = byId(model.scoreEncoded(job().build().encode(rows)));
        assertEquals(raw.keySet(), encoded.keySet());
        for (String id : raw.keySet()) {
            Row expected = raw.get(id);
            Row actual = encoded.get(id);
            assertEquals((Object) expected.getAs(SparkPipeline.ERROR_COLUMN), actual.getAs(SparkPipeline.ERROR_COLUMN),
                    "a row that failed to encode keeps its reason");
            assertEquals((Object) expected.getAs(SparkPipeline.PREDICTION_COLUMN),
                    actual.getAs(SparkPipeline.PREDICTION_COLUMN));
            if (expected.getAs(SparkPipeline.ERROR_COLUMN) == null) {
                assertArrayEquals(doubles(expected, SparkPipeline.PROBABILITIES_COLUMN),
                        doubles(actual, SparkPipeline.PROBABILITIES_COLUMN), 1e-6, id);
            }
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.score(rows));
        assertTrue(e.getMessage().startsWith("a job of a model without encoders scores encoded rows only"),
                e.getMessage());
    }

    @Test
    void aMissingOrMistypedColumnIsRefusedBeforeTheJobRuns() {
        Dataset<Row> numbers = spark.range(3).selectExpr("cast(id as string) as id", "id as text",
                "cast(null as binary) as audio", "cast(null as string) as image");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> job().build().score(numbers));
        assertEquals("column 'text' of modality 'text' is of type bigint; give text or a file path as a string, "
                + "or a file's content as binary", e.getMessage());
        Dataset<Row> rows = frame(goodRows());
        e = assertThrows(IllegalArgumentException.class, () -> job().input(Modality.TEXT, "caption").build().score(rows));
        assertEquals("the DataFrame has no column 'caption' for modality 'text'; its columns are [id, text, audio, image]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> job().build().score(rows.withColumn(SparkPipeline.PREDICTION_COLUMN, rows.col("text"))));
        assertEquals("the DataFrame already has a column 'prediction', which the job adds; rename or drop it first",
                e.getMessage());
    }
}
