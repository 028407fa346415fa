package dev.fusion4j.model;

import dev.fusion4j.data.MultimodalSample;
import java.util.List;

/** Something that predicts: a {@link FusionModel} (DJL) or its ND4J runner. Thread-safe. */
public interface Predictor {

    /** Predictions for the samples, in order. */
    List<Prediction> predictAll(List<MultimodalSample> samples);

    default Prediction predict(MultimodalSample sample) {
        return predictAll(List.of(sample)).get(0);
    }
}
