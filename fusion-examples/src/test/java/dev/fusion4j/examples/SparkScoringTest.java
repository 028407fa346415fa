package dev.fusion4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fusion4j.dataset.RawSample;
import dev.fusion4j.model.FusionPipeline;
import dev.fusion4j.spark.SparkPipeline;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkScoringTest {

    /**
     * 60 demo samples trained into a pipeline by {@link BringYourOwnData}, then encoded and scored
     * on {@code local[2]}: every row is scored, the Parquet holds every row, and the test rows'
     * probabilities are those the reloaded pipeline gave in one JVM.
     */
    @Test
    void scoresEveryRowAsThePipelineDoesInOneJvm(@TempDir Path dir) throws Exception {
        Path folder = SampleFolder.write(dir.resolve("data"), 60);
        BringYourOwnData.Outcome single = BringYourOwnData.run(folder, dir.resolve("pipeline"));
        SparkSession spark = SparkSession.builder().master("local[2]").appName("spark-scoring-test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            SparkScoring.Outcome outcome = SparkScoring.run(spark, folder, FusionPipeline.load(dir.resolve("pipeline")),
                    dir.resolve("embeddings"));
            assertEquals(60, outcome.scored().size());
            assertEquals(60, spark.read().parquet(dir.resolve("embeddings").toString()).count());
            Map<String, Row> byId = new HashMap<>();
            outcome.scored().forEach(row -> byId.put(row.getString(0), row));
            List<RawSample> heldOut = single.test();
            for (int i = 0; i < heldOut.size(); i++) {
                Row row = byId.get(heldOut.get(i).id());
                assertNull(row.getAs(SparkPipeline.ERROR_COLUMN));
                double[] probabilities = row.<Double>getList(row.fieldIndex(SparkPipeline.PROBABILITIES_COLUMN))
                        .stream().mapToDouble(Double::doubleValue).toArray();
                assertArrayEquals(single.reloaded().get(i).probabilities(), probabilities, 1e-5, heldOut.get(i).id());
                assertEquals(single.reloaded().get(i).label(), row.getAs(SparkPipeline.PREDICTION_COLUMN));
            }
        } finally {
            spark.stop();
        }
    }
}
