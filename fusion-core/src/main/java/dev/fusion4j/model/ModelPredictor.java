package dev.fusion4j.model;

import dev.fusion4j.CloseGuard;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.data.MultimodalBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * What every {@link Predictor} does around its backend: checks the samples, predicts in chunks of
 * {@value #CHUNK}, refuses non-finite outputs, evaluates, and closes through a {@link CloseGuard}.
 * A subclass runs one collated batch and frees its native memory.
 */
abstract class ModelPredictor implements Predictor {
    private static final int CHUNK = 256;

    private final FusionSpec spec;
    private final SampleCheck check;
    private final Objective objective;
    private final CloseGuard guard = new CloseGuard("this predictor");

    ModelPredictor(FusionSpec spec, SampleCheck check) {
        this.spec = spec;
        this.check = check;
        this.objective = Objective.forPrediction(spec.head(), spec.strategy().isLate());
    }

    /** The model's raw output rows for {@code batch}, row-major {@code [B, outputs]}. */
    abstract float[] forward(MultimodalBatch batch);

    /** Frees the native memory; no call is in flight and none follows. */
    abstract void free();

    @Override
    public final List<Prediction> predictAll(List<MultimodalSample> samples) {
        check.requireFeatures(samples, "prediction");
        return guard.call(() -> predictChecked(samples));
    }

    @Override
    public final Evaluation evaluate(List<MultimodalSample> samples) {
        check.requireLabels(samples, "evaluation");
        return Evaluation.of(spec.head(), predictAll(samples), samples);
    }

    @Override
    public final void close() {
        guard.close(this::free);
    }

    private List<Prediction> predictChecked(List<MultimodalSample> samples) {
        List<Prediction> out = new ArrayList<>(samples.size());
        for (int start = 0; start < samples.size(); start += CHUNK) {
            List<MultimodalSample> part = samples.subList(start, Math.min(samples.size(), start + CHUNK));
            float[] values = forward(MultimodalBatch.collateFeatures(part, spec.inputSchema().widths()));
            int width = values.length / part.size();
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new NonFiniteOutputException("the model's output for "
                            + part.get(i / width).describe(start + i / width) + " is "
                            + values[i] + " although its features are finite: they are too large for float "
                            + "arithmetic; scale them (e.g. standardise) before training and prediction");
                }
            }
            for (int i = 0; i < part.size(); i++) {
                out.add(objective.prediction(values, i));
            }
        }
        return out;
    }
}
