package dev.fusion4j.spark;

import dev.fusion4j.data.Modality;
import java.util.Random;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A linearly separable set in {@link SparkPipeline#encode}'s layout: row {@code i}'s text and audio
 * embeddings are Gaussian vectors of its own seed, labelled by the side of a fixed hyperplane
 * they fall on and moved {@link #MARGIN} away from it, so the hyperplane classifies every row.
 */
final class SeparableSet {
    static final int WIDTH = 64;
    static final double MARGIN = 0.5;
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType)
            .add("label", DataTypes.IntegerType)
            .add(SparkPipeline.embeddingColumn(Modality.TEXT),
                    DataTypes.createArrayType(DataTypes.FloatType, false))
            .add(SparkPipeline.embeddingColumn(Modality.AUDIO),
                    DataTypes.createArrayType(DataTypes.FloatType, false));

    private SeparableSet() {
    }

    /** The hyperplane's unit normal over the text then the audio embedding. */
    static double[] normal() {
        Random random = new Random(99);
        double[] w = new double[2 * WIDTH];
        double norm = 0;
        for (int j = 0; j < w.length; j++) {
            w[j] = random.nextGaussian();
            norm += w[j] * w[j];
        }
        for (int j = 0; j < w.length; j++) {
            w[j] /= Math.sqrt(norm);
        }
        return w;
    }

    /** Rows {@code first} to {@code first + count - 1} in {@code partitions} partitions. */
    static Dataset<Row> rows(SparkSession spark, long first, long count, int partitions) {
        double[] w = normal();
        return spark.range(first, first + count, 1, partitions).map((MapFunction<Long, Row>) i -> row(i, w),
                Encoders.row(SCHEMA));
    }

    private static Row row(long i, double[] w) {
        Random random = new Random(i * 7919 + 13);
        double[] x = new double[w.length];
        double side = 0;
        for (int j = 0; j < x.length; j++) {
            x[j] = random.nextGaussian();
            side += w[j] * x[j];
        }
        int label = side > 0 ? 1 : 0;
        float[] text = new float[WIDTH];
        float[] audio = new float[WIDTH];
        for (int j = 0; j < x.length; j++) {
            float v = (float) (x[j] + (label == 1 ? MARGIN : -MARGIN) * w[j]);
            if (j < WIDTH) {
                text[j] = v;
            } else {
                audio[j - WIDTH] = v;
            }
        }
        return RowFactory.create(i, label, text, audio);
    }

    /** Whether the hyperplane puts {@code text} and {@code audio} on the positive side. */
    static boolean positive(float[] text, float[] audio) {
        double[] w = normal();
        double side = 0;
        for (int j = 0; j < WIDTH; j++) {
            side += w[j] * text[j] + w[WIDTH + j] * audio[j];
        }
        return side > 0;
    }
}
