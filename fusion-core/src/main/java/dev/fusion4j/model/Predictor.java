package dev.fusion4j.model;

import dev.fusion4j.data.MultimodalSample;
import java.util.List;

/**
 * A trained model loaded for prediction on one {@link Backend}, made by
 * {@link FusionModel#newPredictor()}. It owns native memory (DJL's arrays or ND4J's), freed by
 * {@link #close()}: open one, share it between threads, close it when done.
 *
 * <pre>{@code
 * try (Predictor predictor = model.newPredictor()) {
 *     Prediction p = predictor.predict(sample);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing waits for the calls in flight; later calls throw
 * {@link IllegalStateException}; closing twice is harmless.
 */
public interface Predictor extends AutoCloseable {

    /**
     * Predictions for the samples, in order; labels are ignored.
     *
     * @throws dev.fusion4j.data.InvalidSampleException if a sample's features do not fit the model
     * @throws NonFiniteOutputException if an output is not finite
     * @throws IllegalStateException if this predictor is closed
     */
    List<Prediction> predictAll(List<MultimodalSample> samples);

    /** The prediction for one sample; see {@link #predictAll}. */
    default Prediction predict(MultimodalSample sample) {
        return predictAll(List.of(sample)).get(0);
    }

    /**
     * Metrics of the predictions on labelled samples.
     *
     * @throws dev.fusion4j.data.InvalidLabelException if a sample's label does not fit the head
     * @throws IllegalStateException if this predictor is closed
     */
    Evaluation evaluate(List<MultimodalSample> samples);

    /** Frees the native memory once the calls in flight have returned. */
    @Override
    void close();
}
