package dev.fusion4j.spark;

import dev.fusion4j.FusionException;
import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.model.Prediction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * What runs inside one partition: rows read in batches, their features made (encoded from raw
 * inputs, or read from embedding columns) and, when scoring, predicted by the broadcast model;
 * each row returned with its result columns ({@link ResultColumns}). Rows stream through: a
 * partition holds one batch at a time.
 */
final class PartitionJob implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** What the job makes of a row. */
    enum Task {
        /** Raw inputs to embeddings. */
        ENCODE,
        /** Raw inputs to predictions. */
        SCORE,
        /** Embeddings (encode's layout) to predictions. */
        SCORE_ENCODED
    }

    private final Broadcast<ShippedModel> model;
    private final Task task;
    /**
     * Per modality's name (a {@link Modality} is not serializable), the index of its input column:
     * the raw input, or for {@link Task#SCORE_ENCODED} its embedding.
     */
    private final LinkedHashMap<String, Integer> columns = new LinkedHashMap<>();
    /** For {@link Task#SCORE_ENCODED}, per modality's name, the index of its frames column, where there is one. */
    private final LinkedHashMap<String, Integer> frames = new LinkedHashMap<>();
    private final int idColumn;
    /** The index of an error column the input has already (encode's), or -1; it is replaced. */
    private final int priorError;
    private final BadRows badRows;
    private final int batchSize;

    PartitionJob(Broadcast<ShippedModel> model, Task task, Columns columns, BadRows badRows, int batchSize) {
        this.model = model;
        this.task = task;
        columns.inputs().forEach((modality, index) -> this.columns.put(modality.name(), index));
        columns.frames().forEach((modality, index) -> this.frames.put(modality.name(), index));
        this.idColumn = columns.id();
        this.priorError = columns.priorError();
        this.badRows = badRows;
        this.batchSize = batchSize;
    }

    /**
     * Where a job finds its inputs in a row.
     *
     * @param inputs per modality, its input column's index
     * @param frames per modality, its frames column's index (scoring encoded rows)
     * @param id the id column's index, or -1
     * @param priorError the index of an error column to replace, or -1
     */
    record Columns(Map<Modality, Integer> inputs, Map<Modality, Integer> frames, int id, int priorError) {
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ShippedModel.Loaded loaded = model.value().load();
        BatchEncoder encoder = new BatchEncoder(loaded.encoders(), modalities(columns), idColumn);
        return new Iterator<>() {
            private Iterator<Row> batch = List.<Row>of().iterator();

            @Override
            public boolean hasNext() {
                while (!batch.hasNext() && rows.hasNext()) {
                    List<Row> next = new ArrayList<>(batchSize);
                    while (next.size() < batchSize && rows.hasNext()) {
                        next.add(rows.next());
                    }
                    batch = process(next, encoder, loaded).iterator();
                }
                return batch.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
    }

    private static Map<Modality, Integer> modalities(Map<String, Integer> byName) {
        Map<Modality, Integer> indexes = new LinkedHashMap<>();
        byName.forEach((modality, index) -> indexes.put(Modality.of(modality), index));
        return indexes;
    }

    private List<Row> process(List<Row> rows, BatchEncoder encoder, ShippedModel.Loaded loaded) {
        List<BatchEncoder.Encoded> encoded = task == Task.SCORE_ENCODED
                ? encoder.read(rows, modalities(frames), priorError)
                : encoder.encode(rows);
        String[] errors = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            errors[i] = encoded.get(i).error();
        }
        Prediction[] predictions = new Prediction[rows.size()];
        if (task != Task.ENCODE) {
            List<Integer> positions = new ArrayList<>();
            List<MultimodalSample> samples = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (errors[i] == null) {
                    MultimodalSample.Builder sample = MultimodalSample.builder();
                    encoded.get(i).features().forEach(sample::put);
                    samples.add(sample.build());
                    positions.add(i);
                }
            }
            List<Prediction> predicted = Attempts.batchThenEach(samples, loaded.predictor()::predictAll,
                    (k, e) -> errors[positions.get(k)] = encoder.name(rows.get(positions.get(k))) + ": "
                            + e.getMessage());
            for (int k = 0; k < positions.size(); k++) {
                predictions[positions.get(k)] = predicted.get(k);
            }
        }
        List<Row> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (errors[i] != null && badRows == BadRows.FAIL_JOB) {
                throw new FusionException(errors[i]);
            }
            out.add(row(rows.get(i), encoded.get(i).features(), predictions[i], errors[i]));
        }
        return out;
    }

    private Row row(Row input, Map<Modality, Features> features, Prediction prediction, String error) {
        List<Object> values = new ArrayList<>(input.size() + 2 * columns.size() + 4);
        for (int c = 0; c < input.size(); c++) {
            if (c != priorError) {
                values.add(input.get(c));
            }
        }
        if (task == Task.ENCODE) {
            columns.keySet().forEach(modality -> values.addAll(ResultColumns.embedding(features.get(Modality.of(modality)))));
        } else {
            values.addAll(ResultColumns.prediction(prediction));
        }
        values.add(error);
        return RowFactory.create(values.toArray());
    }
}
