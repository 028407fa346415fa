package dev.fusion4j.spark;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.model.Head;
import dev.fusion4j.model.Prediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.ArraySeq;

/**
 * The columns a job adds, their types and their values: per modality an embedding
 * ({@code array<float>}, a sequence's frames one after another) and its frame count (null for a
 * vector); or a prediction; then the error column.
 */
final class ResultColumns {
    private ResultColumns() {
    }

    /** {@code input}'s columns, then the embedding columns of {@code modalities} and the error column. */
    static StructType encoded(StructType input, List<Modality> modalities) {
        StructType schema = input;
        for (Modality modality : modalities) {
            schema = add(schema, SparkPipeline.embeddingColumn(modality),
                    DataTypes.createArrayType(DataTypes.FloatType, false));
            schema = add(schema, SparkPipeline.framesColumn(modality), DataTypes.IntegerType);
        }
        return add(schema, SparkPipeline.ERROR_COLUMN, DataTypes.StringType);
    }

    /** {@code input}'s columns, then the prediction columns and the error column. */
    static StructType scored(StructType input) {
        StructType schema = add(input, SparkPipeline.PREDICTION_COLUMN, DataTypes.StringType);
        schema = add(schema, SparkPipeline.PROBABILITIES_COLUMN, DataTypes.createArrayType(DataTypes.DoubleType, false));
        schema = add(schema, SparkPipeline.VALUES_COLUMN, DataTypes.createArrayType(DataTypes.DoubleType, false));
        return add(schema, SparkPipeline.ERROR_COLUMN, DataTypes.StringType);
    }

    private static StructType add(StructType schema, String name, DataType type) {
        if (Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("the DataFrame already has a column '" + name + "', which the job "
                    + "adds; rename or drop it first");
        }
        return schema.add(new StructField(name, type, true, Metadata.empty()));
    }

    /** The embedding and frame-count values of {@code features} (both null when absent). */
    static List<Object> embedding(Features features) {
        if (features == null) {
            return Arrays.asList(null, null);
        }
        return Arrays.asList(seq(features.toArray()), features.isSequence() ? features.length() : null);
    }

    /**
     * A primitive array as the {@code Seq} that a {@link org.apache.spark.sql.Row} holds for an
     * {@code array} column: what the next step of a plan reads when Spark skips serialising rows.
     */
    private static Object seq(Object array) {
        return ArraySeq.unsafeWrapArray(array);
    }

    /** The label, probabilities and values of {@code prediction}, null where its head has none. */
    static List<Object> prediction(Prediction prediction) {
        List<Object> values = new ArrayList<>(Arrays.asList(null, null, null));
        if (prediction == null) {
            return values;
        }
        Head.Kind kind = prediction.kind();
        if (kind == Head.Kind.CLASSIFICATION || kind == Head.Kind.EMBEDDING) {
            values.set(0, prediction.label());
        }
        if (kind != Head.Kind.REGRESSION) {
            values.set(1, seq(prediction.probabilities()));
        }
        if (kind == Head.Kind.REGRESSION || kind == Head.Kind.EMBEDDING) {
            values.set(2, seq(prediction.values()));
        }
        return values;
    }
}
