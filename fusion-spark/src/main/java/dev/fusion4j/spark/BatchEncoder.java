package dev.fusion4j.spark;

import dev.fusion4j.data.EncoderSpec;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The features of a batch of rows: their raw inputs encoded, one {@code encodeAll} per modality,
 * with the encoders of this JVM ({@link ExecutorEncoders}), or their embedding columns read back.
 * A string column holds the text of an encoder of strings and a file path (or {@code file:} URI)
 * otherwise; a binary column holds a file's content; null is a missing modality. A row whose
 * input cannot be read or encoded gets its reason instead of features, so that one bad row never
 * costs the batch.
 */
final class BatchEncoder {
    private final Map<Modality, EncoderSpec> specs;
    private final Map<Modality, Integer> columns;
    private final int idColumn;

    /**
     * @param specs per modality, its encoder's spec (none when only reading embeddings)
     * @param columns per modality, the index of its input column (raw or embedding)
     * @param idColumn the index of the column that names rows in messages, or -1
     */
    BatchEncoder(Map<Modality, EncoderSpec> specs, Map<Modality, Integer> columns, int idColumn) {
        this.specs = specs;
        this.columns = columns;
        this.idColumn = idColumn;
    }

    /** One row's features per present modality, or why it has none. */
    record Encoded(Map<Modality, Features> features, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /** The rows' features, in order. */
    List<Encoded> encode(List<Row> rows) {
        List<Map<Modality, Features>> features = new ArrayList<>();
        String[] errors = new String[rows.size()];
        rows.forEach(row -> features.add(new LinkedHashMap<>()));
        for (Map.Entry<Modality, Integer> column : columns.entrySet()) {
            Modality modality = column.getKey();
            ExecutorEncoders.Opened<?> encoder = ExecutorEncoders.of(specs.get(modality));
            List<Integer> positions = new ArrayList<>();
            List<Object> inputs = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Object raw = rows.get(i).get(column.getValue());
                if (raw == null || errors[i] != null) {
                    continue;
                }
                try {
                    inputs.add(encoder.read(input(raw, encoder)));
                    positions.add(i);
                } catch (RuntimeException e) {
                    errors[i] = reason(rows.get(i), modality, e);
                }
            }
            List<Features> encoded = Attempts.batchThenEach(inputs, encoder::encodeAll,
                    (k, e) -> errors[positions.get(k)] = reason(rows.get(positions.get(k)), modality, e));
            for (int k = 0; k < positions.size(); k++) {
                if (encoded.get(k) != null) {
                    features.get(positions.get(k)).put(modality, encoded.get(k));
                }
            }
        }
        List<Encoded> result = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (errors[i] == null && features.get(i).isEmpty()) {
                errors[i] = name(rows.get(i)) + " has none of the inputs " + columns.keySet();
            }
            result.add(errors[i] == null ? new Encoded(features.get(i), null) : new Encoded(Map.of(), errors[i]));
        }
        return result;
    }

    /**
     * The features held in embedding columns ({@link SparkPipeline#embeddingColumn}) and frames
     * columns, as {@link SparkPipeline#encode} wrote them; a row with an error in column
     * {@code priorError} (if not -1) keeps it.
     *
     * @param frames per modality, the index of its frames column, where there is one
     */
    List<Encoded> read(List<Row> rows, Map<Modality, Integer> frames, int priorError) {
        List<Encoded> result = new ArrayList<>();
        for (Row row : rows) {
            if (priorError >= 0 && !row.isNullAt(priorError)) {
                result.add(new Encoded(Map.of(), row.getString(priorError)));
                continue;
            }
            Map<Modality, Features> features = new LinkedHashMap<>();
            String error = null;
            for (Map.Entry<Modality, Integer> column : columns.entrySet()) {
                if (row.isNullAt(column.getValue())) {
                    continue;
                }
                List<Float> values = row.getList(column.getValue());
                float[] array = new float[values.size()];
                for (int k = 0; k < array.length; k++) {
                    array[k] = values.get(k);
                }
                Integer index = frames.get(column.getKey());
                try {
                    features.put(column.getKey(), index == null || row.isNullAt(index) ? Features.vector(array)
                            : Features.sequence(array, row.getInt(index), array.length / row.getInt(index)));
                } catch (RuntimeException e) {
                    error = reason(row, column.getKey(), e);
                    break;
                }
            }
            if (error == null && features.isEmpty()) {
                error = name(row) + " has none of the embeddings of " + columns.keySet();
            }
            result.add(error == null ? new Encoded(features, null) : new Encoded(Map.of(), error));
        }
        return result;
    }

    /** How messages name a row: its id, if the job has an id column. */
    String name(Row row) {
        return idColumn < 0 || row.isNullAt(idColumn) ? "a row" : "row '" + row.get(idColumn) + "'";
    }

    String reason(Row row, Modality modality, Throwable e) {
        return name(row) + ", modality '" + modality + "': " + (e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private static Object input(Object raw, ExecutorEncoders.Opened<?> encoder) {
        if (raw instanceof String text && !encoder.factory().inputType().equals(String.class)) {
            return text.startsWith("file:") ? Path.of(URI.create(text)) : Path.of(text);
        }
        return raw;
    }
}
