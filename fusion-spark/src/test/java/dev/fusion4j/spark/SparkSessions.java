package dev.fusion4j.spark;

import org.apache.spark.sql.SparkSession;

/** The embedded Spark of the tests: {@code local[2]}, no UI, two shuffle partitions. */
final class SparkSessions {
    private SparkSessions() {
    }

    static SparkSession local() {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("fusion-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
