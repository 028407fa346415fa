package dev.fusion4j.spark;

/** What a job does with a row that cannot be encoded or scored (a damaged WAV, a missing file). */
public enum BadRows {
    /**
     * The row keeps its place with null results and the reason in the error column
     * ({@link SparkPipeline#ERROR_COLUMN}), which is null for the rows that went well.
     */
    ERROR_COLUMN,
    /** The job fails with an exception naming the row, the modality and the reason. */
    FAIL_JOB
}
