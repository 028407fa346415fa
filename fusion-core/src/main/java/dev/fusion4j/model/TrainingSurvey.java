package dev.fusion4j.model;

import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.fusion.InputStatistics;
import dev.fusion4j.train.SampleSource;
import dev.fusion4j.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What training needs to know of a training set before its first step, found in one pass over
 * its batches without holding them: each sample checked against the model, the number of
 * samples, each modality's form, the input statistics (where the fusion standardises), the class
 * counts behind balanced class weights and the provenance's fingerprint.
 */
final class TrainingSurvey {
    /** Samples read at a time in the survey pass: enough to check a list in memory in one go. */
    private static final int BATCH = 4096;

    private final SampleCheck check;
    private final SampleCheck.Layouts layouts;
    private final InputStatistics.Accumulator statistics;
    private final Provenance.DataFingerprint.Digest fingerprint;
    private final List<Integer> classCounts = new ArrayList<>();
    private int count;

    private TrainingSurvey(FusionSpec spec, SampleCheck check) {
        this.check = check;
        this.layouts = check.new Layouts();
        this.statistics = spec.strategy().needsStatistics() ? new InputStatistics.Accumulator(spec.schema()) : null;
        this.fingerprint = new Provenance.DataFingerprint.Digest(spec.head());
    }

    /**
     * Reads pass 0 of {@code source}.
     *
     * @param check the model's check of training samples
     * @throws IllegalArgumentException if the source has no sample or no sample has one of the
     *     model's modalities
     * @throws dev.fusion4j.data.InvalidSampleException if a sample's features do not fit the model
     * @throws dev.fusion4j.data.InvalidLabelException if a sample's label does not fit the head
     */
    static TrainingSurvey of(SampleSource source, FusionSpec spec, SampleCheck check) {
        TrainingSurvey survey = new TrainingSurvey(spec, check);
        try (SampleSource.Pass pass = source.open(0, spec.seed())) {
            for (List<MultimodalSample> batch = pass.next(BATCH); !batch.isEmpty(); batch = pass.next(BATCH)) {
                survey.add(batch);
            }
        }
        if (survey.count == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        return survey;
    }

    private void add(List<MultimodalSample> batch) {
        check.requireFeatures(batch, "training", count);
        check.requireLabels(batch, "training", count);
        layouts.add(batch, count);
        for (MultimodalSample sample : batch) {
            if (statistics != null) {
                statistics.add(sample);
            }
            fingerprint.add(sample);
            if (sample.label().orElseThrow().isClass()) {
                int index = sample.label().orElseThrow().classIndex();
                while (classCounts.size() <= index) {
                    classCounts.add(0);
                }
                classCounts.set(index, classCounts.get(index) + 1);
            }
        }
        count += batch.size();
    }

    /** The number of samples. */
    int count() {
        return count;
    }

    /** Per modality, whether it came as sequences. */
    Map<Modality, Boolean> layouts() {
        return layouts.finish();
    }

    /** The fitted input statistics, or {@code otherwise} where the fusion does not standardise. */
    InputStatistics statistics(InputStatistics otherwise) {
        return statistics == null ? otherwise : statistics.finish();
    }

    Provenance.DataFingerprint fingerprint() {
        return fingerprint.finish();
    }

    /**
     * The options' class weights; else, with balanced class weights, {@code n / (classes × n_c)}
     * per class (1 for a class without samples); else null.
     */
    double[] classWeights(TrainingOptions options) {
        if (!options.classWeights().isEmpty()) {
            return options.classWeights().stream().mapToDouble(Double::doubleValue).toArray();
        }
        if (!options.balancedClassWeights()) {
            return null;
        }
        int classes = classCounts.size();
        double[] weights = new double[classes];
        for (int c = 0; c < classes; c++) {
            weights[c] = classCounts.get(c) == 0 ? 1 : count / (classes * (double) classCounts.get(c));
        }
        return weights;
    }
}
