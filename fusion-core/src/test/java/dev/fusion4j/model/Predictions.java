package dev.fusion4j.model;

import dev.fusion4j.data.MultimodalSample;
import java.util.List;

/** Predictions from a predictor opened and closed for the call, for tests that predict once. */
final class Predictions {
    private Predictions() {
    }

    static List<Prediction> of(FusionModel model, List<MultimodalSample> samples) {
        return of(model, Backend.DJL, samples);
    }

    static List<Prediction> of(FusionModel model, Backend backend, List<MultimodalSample> samples) {
        try (Predictor predictor = model.newPredictor(backend)) {
            return predictor.predictAll(samples);
        }
    }
}
