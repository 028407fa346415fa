package dev.fusion4j.spark;

import dev.fusion4j.data.Modality;
import dev.fusion4j.model.FusionModel;
import dev.fusion4j.model.FusionPipeline;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A {@link FusionPipeline} run on Spark: encodes or scores the raw inputs of a DataFrame's rows,
 * partition by partition, and returns the rows with result columns added; or a pipeline's or a
 * bare {@link FusionModel}'s scores of rows it encoded before ({@link #scoreEncoded}).
 *
 * <pre>{@code
 * SparkPipeline job = SparkPipeline.builder(FusionPipeline.load(Path.of("my-pipeline")))
 *         .input(Modality.AUDIO, "clip")          // else each modality reads the column of its name
 *         .id("id").badRows(BadRows.ERROR_COLUMN).build();
 * job.encode(rows).write().option("parquet.block.size", 8 << 20).parquet("embeddings/");
 * job.score(rows).select("id", "prediction", "probabilities", "fusion_error").show();
 *
 * SparkPipeline.builder(model).build().scoreEncoded(spark.read().parquet("embeddings/"));
 * }</pre>
 *
 * <p>A text column holds the text; an audio or image column holds a file path (or {@code file:}
 * URI) readable on the executors, or the file's content ({@code binary}, as
 * {@code spark.read().format("binaryFile")} reads objects from any storage); null is a missing
 * modality. The pipeline reaches the executors as a broadcast of its saved files; each executor
 * JVM loads it once, builds each encoder once from its spec, shares them between its tasks and
 * closes them when it exits. Rows go through in batches of {@link Builder#batchSize(int)}. The
 * natives of PyTorch (and ONNX Runtime, for a text encoder on it) must be on the executors' class
 * path. Immutable.
 */
public final class SparkPipeline {
    /** The column naming why a row has no result; null where it has one. */
    public static final String ERROR_COLUMN = "fusion_error";
    /** A score's most probable label ({@code string}; classification and embedding heads). */
    public static final String PREDICTION_COLUMN = "prediction";
    /** A score's probability per class or label ({@code array<double>}, in the head's order). */
    public static final String PROBABILITIES_COLUMN = "probabilities";
    /** A score's values ({@code array<double>}; regression and embedding heads). */
    public static final String VALUES_COLUMN = "values";

    private final ShippedModel model;
    private final List<Modality> modalities;
    private final boolean encoders;
    private final Map<Modality, String> inputs;
    private final String id;
    private final int batchSize;
    private final BadRows badRows;

    private SparkPipeline(Builder builder) {
        this.model = builder.pipeline != null ? ShippedModel.of(builder.pipeline) : ShippedModel.of(builder.model);
        this.modalities = List.copyOf(builder.model.spec().inputWidths().keySet());
        this.encoders = builder.pipeline != null;
        this.inputs = new LinkedHashMap<>(builder.inputs);
        this.id = builder.id;
        this.batchSize = builder.batchSize;
        this.badRows = builder.badRows;
    }

    /** A job of {@code pipeline}, built by the returned builder. */
    public static Builder builder(FusionPipeline pipeline) {
        return new Builder(Objects.requireNonNull(pipeline, "pipeline").model(), pipeline);
    }

    /** A job of a model without encoders: it scores encoded rows only ({@link #scoreEncoded}). */
    public static Builder builder(FusionModel model) {
        return new Builder(Objects.requireNonNull(model, "model"), null);
    }

    /** The column that holds a modality's embedding: {@code <modality>_embedding}, an {@code array<float>}. */
    public static String embeddingColumn(Modality modality) {
        return modality.name() + "_embedding";
    }

    /**
     * The column that holds the number of frames of a modality's embedding ({@code int}): null
     * for a vector, the sequence length for frame features, whose frames the embedding holds one
     * after another.
     */
    public static String framesColumn(Modality modality) {
        return modality.name() + "_frames";
    }

    /**
     * The rows with, per modality of the job, its embedding and frames columns, and the error column.
     *
     * @throws IllegalArgumentException if an input column is missing or of another type than
     *     string or binary, or a result column exists already
     */
    public Dataset<Row> encode(Dataset<Row> rows) {
        Map<Modality, Integer> columns = rawColumns(rows.schema());
        return run(rows, PartitionJob.Task.ENCODE, ResultColumns.encoded(rows.schema(), List.copyOf(columns.keySet())),
                new PartitionJob.Columns(columns, Map.of(), idColumn(rows.schema()), -1));
    }

    /**
     * The rows with the prediction, probabilities, values and error columns.
     *
     * @throws IllegalArgumentException as {@link #encode} does
     */
    public Dataset<Row> score(Dataset<Row> rows) {
        return run(rows, PartitionJob.Task.SCORE, ResultColumns.scored(rows.schema()),
                new PartitionJob.Columns(rawColumns(rows.schema()), Map.of(), idColumn(rows.schema()), -1));
    }

    /**
     * The rows of {@link #encode}'s layout (an embedding column per modality of the model, frames
     * columns where it wrote them) with the prediction, probabilities, values and error columns.
     * The error column replaces the input's: a row that failed to encode keeps its reason.
     *
     * @throws IllegalArgumentException if no embedding column of the model's modalities is there,
     *     or one is not an {@code array<float>}
     */
    public Dataset<Row> scoreEncoded(Dataset<Row> encoded) {
        StructType schema = encoded.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        Map<Modality, Integer> embeddings = new LinkedHashMap<>();
        Map<Modality, Integer> frames = new LinkedHashMap<>();
        for (Modality modality : modalities) {
            String column = embeddingColumn(modality);
            if (names.contains(column)) {
                DataType type = schema.apply(column).dataType();
                if (!type.equals(DataTypes.createArrayType(DataTypes.FloatType, false))
                        && !type.equals(DataTypes.createArrayType(DataTypes.FloatType, true))) {
                    throw new IllegalArgumentException("column '" + column + "' is of type " + type.simpleString()
                            + "; an embedding is an array<float>");
                }
                embeddings.put(modality, schema.fieldIndex(column));
            }
            if (names.contains(framesColumn(modality))) {
                frames.put(modality, schema.fieldIndex(framesColumn(modality)));
            }
        }
        if (embeddings.isEmpty()) {
            throw new IllegalArgumentException("the DataFrame has none of the embedding columns "
                    + modalities.stream().map(SparkPipeline::embeddingColumn).toList() + "; its columns are " + names);
        }
        int priorError = names.contains(ERROR_COLUMN) ? schema.fieldIndex(ERROR_COLUMN) : -1;
        StructType kept = new StructType(Arrays.stream(schema.fields())
                .filter(field -> !field.name().equals(ERROR_COLUMN)).toArray(StructField[]::new));
        return run(encoded, PartitionJob.Task.SCORE_ENCODED, ResultColumns.scored(kept),
                new PartitionJob.Columns(embeddings, frames, idColumn(schema), priorError));
    }

    private Dataset<Row> run(Dataset<Row> rows, PartitionJob.Task task, StructType schema, PartitionJob.Columns columns) {
        Broadcast<ShippedModel> shipped = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext())
                .broadcast(model);
        return rows.mapPartitions(new PartitionJob(shipped, task, columns, badRows, batchSize), Encoders.row(schema));
    }

    private int idColumn(StructType schema) {
        if (id == null) {
            return -1;
        }
        if (!Arrays.asList(schema.fieldNames()).contains(id)) {
            throw new IllegalArgumentException("the DataFrame has no id column '" + id + "'; its columns are "
                    + Arrays.asList(schema.fieldNames()));
        }
        return schema.fieldIndex(id);
    }

    /**
     * Per modality with an input column in {@code schema}, the column's index.
     *
     * @throws IllegalStateException if the job has no encoders
     */
    private Map<Modality, Integer> rawColumns(StructType schema) {
        if (!encoders) {
            throw new IllegalStateException("a job of a model without encoders scores encoded rows only: use "
                    + "scoreEncoded, or build the job of a FusionPipeline");
        }
        List<String> names = Arrays.asList(schema.fieldNames());
        Map<Modality, Integer> columns = new LinkedHashMap<>();
        inputs.forEach((modality, column) -> {
            if (!names.contains(column)) {
                throw new IllegalArgumentException("the DataFrame has no column '" + column + "' for modality '"
                        + modality + "'; its columns are " + names);
            }
            DataType type = schema.apply(column).dataType();
            if (!type.equals(DataTypes.StringType) && !type.equals(DataTypes.BinaryType)) {
                throw new IllegalArgumentException("column '" + column + "' of modality '" + modality + "' is of type "
                        + type.simpleString() + "; give text or a file path as a string, or a file's content as binary");
            }
            columns.put(modality, schema.fieldIndex(column));
        });
        return columns;
    }

    /** The settings of a job; every one has a default. */
    public static final class Builder {
        private final FusionModel model;
        private final FusionPipeline pipeline;
        private final Map<Modality, String> inputs = new LinkedHashMap<>();
        private String id;
        private int batchSize = 32;
        private BadRows badRows = BadRows.ERROR_COLUMN;

        private Builder(FusionModel model, FusionPipeline pipeline) {
            this.model = model;
            this.pipeline = pipeline;
            if (pipeline != null) {
                pipeline.encoders().keySet().forEach(modality -> inputs.put(modality, modality.name()));
            }
        }

        /**
         * The column of {@code modality}'s inputs (by default the column named as the modality).
         *
         * @throws IllegalArgumentException if the pipeline has no such modality
         */
        public Builder input(Modality modality, String column) {
            if (!inputs.containsKey(modality)) {
                throw new IllegalArgumentException("the pipeline has no modality '" + modality + "'; its modalities are "
                        + inputs.keySet());
            }
            inputs.put(modality, Objects.requireNonNull(column, "column"));
            return this;
        }

        /** The column whose value names a row in error messages (none by default). */
        public Builder id(String column) {
            this.id = Objects.requireNonNull(column, "column");
            return this;
        }

        /** How many rows are encoded and scored together inside a partition (32 by default). */
        public Builder batchSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("the batch size must be at least 1, not " + rows);
            }
            this.batchSize = rows;
            return this;
        }

        /** What to do with a row that cannot be encoded or scored ({@link BadRows#ERROR_COLUMN} by default). */
        public Builder badRows(BadRows policy) {
            this.badRows = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The job; the pipeline's or model's files are kept in memory, ready to broadcast. */
        public SparkPipeline build() {
            return new SparkPipeline(this);
        }
    }
}
