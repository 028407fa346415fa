package dev.fusion4j.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import dev.fusion4j.model.FusionPipeline;
import dev.fusion4j.spark.SparkPipeline;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Encodes and scores a folder of captions, WAVs and PNGs on Spark with a saved pipeline: the rows
 * of {@code manifest.csv} (as {@link BringYourOwnData} reads it) become a DataFrame, whose
 * embeddings go to Parquet and whose predictions are compared with the labels.
 *
 * <p>{@code java ... SparkScoring [folder pipeline master]}; without arguments it writes 150 demo
 * samples to {@code target/spark-sample}, trains and saves a pipeline on them with
 * {@link BringYourOwnData} and runs on {@code local[*]}. On a cluster, pass the folder and pipeline
 * as paths every executor can read, or see the README for {@code spark-submit}.
 */
public final class SparkScoring {
    private SparkScoring() {
    }

    public static void main(String[] args) throws Exception {
        Path folder;
        Path pipeline;
        if (args.length == 3) {
            folder = Path.of(args[0]);
            pipeline = Path.of(args[1]);
        } else {
            folder = SampleFolder.write(Path.of("target", "spark-sample"), 150);
            pipeline = Path.of("target", "spark-pipeline");
            BringYourOwnData.run(folder, pipeline);
        }
        SparkSession spark = SparkSession.builder().master(args.length == 3 ? args[2] : "local[*]")
                .appName("fusion4j-spark-scoring").config("spark.ui.enabled", "false").getOrCreate();
        try {
            run(spark, folder, FusionPipeline.load(pipeline), folder.resolve("embeddings"));
        } finally {
            spark.stop();
        }
    }

    /**
     * What a run found: each row's id, label, prediction, probabilities and error, and the
     * fraction of rows predicted as labelled.
     */
    record Outcome(List<Row> scored, double accuracy) {
    }

    /** Encodes the folder's rows to Parquet in {@code embeddings}, scores them and prints a summary. */
    static Outcome run(SparkSession spark, Path folder, FusionPipeline pipeline, Path embeddings) {
        String prefix = folder.toAbsolutePath() + "/";
        Dataset<Row> rows = spark.read().option("header", "true").csv(folder.resolve("manifest.csv").toString())
                .withColumn("audio", concat(lit(prefix), col("audio")))
                .withColumn("image", concat(lit(prefix), col("image")));
        SparkPipeline job = SparkPipeline.builder(pipeline).id("id").build();

        job.encode(rows).write().mode("overwrite").option("parquet.block.size", 8 << 20)
                .parquet(embeddings.toString());
        Dataset<Row> scored = job.score(rows).select("id", "label", SparkPipeline.PREDICTION_COLUMN,
                SparkPipeline.PROBABILITIES_COLUMN, SparkPipeline.ERROR_COLUMN).cache();
        long total = scored.count();
        long correct = scored.filter(col(SparkPipeline.PREDICTION_COLUMN).equalTo(col("label"))).count();
        scored.select("id", "label", SparkPipeline.PREDICTION_COLUMN, SparkPipeline.ERROR_COLUMN).show(5, false);
        System.out.printf("encoded %d rows to %s; scored them: accuracy %.3f over all rows, the trained ones "
                + "included (%d rows failed)%n", total, embeddings,
                correct / (double) total, scored.filter(col(SparkPipeline.ERROR_COLUMN).isNotNull()).count());
        Outcome outcome = new Outcome(scored.collectAsList(), correct / (double) total);
        scored.unpersist();
        return outcome;
    }
}
