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
 * What runs inside one partition: rows read in batches, encoded and, when scoring, predicted by
 * the broadcast pipeline, each row returned with its result columns ({@link ResultColumns}).
 * Rows stream through: a partition holds one batch at a time.
 */
final class PartitionJob implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ShippedPipeline> pipeline;
    /** The modalities' names (a {@link Modality} is not serializable) and their columns' indexes. */
    private final LinkedHashMap<String, Integer> columns = new LinkedHashMap<>();
    private final int idColumn;
    private final boolean score;
    private final BadRows badRows;
    private final int batchSize;

    PartitionJob(Broadcast<ShippedPipeline> pipeline, Map<Modality, Integer> columns, int idColumn, boolean score,
                 BadRows badRows, int batchSize) {
        this.pipeline = pipeline;
        columns.forEach((modality, index) -> this.columns.put(modality.name(), index));
        this.idColumn = idColumn;
        this.score = score;
        this.badRows = badRows;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ShippedPipeline.Loaded loaded = pipeline.value().load();
        Map<Modality, Integer> indexes = new LinkedHashMap<>();
        columns.forEach((modality, index) -> indexes.put(Modality.of(modality), index));
        BatchEncoder encoder = new BatchEncoder(loaded.pipeline().encoders(), indexes, idColumn);
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

    private List<Row> process(List<Row> rows, BatchEncoder encoder, ShippedPipeline.Loaded loaded) {
        List<BatchEncoder.Encoded> encoded = encoder.encode(rows);
        String[] errors = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            errors[i] = encoded.get(i).error();
        }
        Prediction[] predictions = new Prediction[rows.size()];
        if (score) {
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
            values.add(input.get(c));
        }
        if (score) {
            values.addAll(ResultColumns.prediction(prediction));
        } else {
            columns.keySet().forEach(modality -> values.addAll(ResultColumns.embedding(features.get(Modality.of(modality)))));
        }
        values.add(error);
        return RowFactory.create(values.toArray());
    }
}
