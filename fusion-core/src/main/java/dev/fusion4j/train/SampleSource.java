package dev.fusion4j.train;

import dev.fusion4j.data.MultimodalSample;
import java.util.List;

/**
 * Training samples read pass after pass in mini-batches, so that a training set need not fit in
 * the heap: Parquet files (fusion-spark's {@code ParquetSamples}), a database cursor, a generator.
 *
 * <pre>{@code
 * FusionModel model = spec.train(source, validation, TrainingOptions.builder().epochs(5).build());
 * }</pre>
 *
 * <p>{@link dev.fusion4j.model.FusionSpec#train(SampleSource, List, TrainingOptions) Training}
 * opens pass 0 once to survey the samples (their number, labels and forms, the input statistics
 * that standardise them, the provenance's fingerprint), then pass {@code e} for epoch {@code e}.
 * Every pass must yield the same samples; a source may order each epoch by a shuffle seeded by the
 * given seed and the epoch, so that training repeats. Only the batches in flight are held.
 */
public interface SampleSource {

    /**
     * Opens a pass over every sample.
     *
     * @param pass 0 for the survey (any order), {@code e ≥ 1} for epoch {@code e}
     * @param seed the spec's seed, for a shuffle that repeats
     * @throws dev.fusion4j.FusionException if the samples cannot be read
     */
    Pass open(int pass, long seed);

    /** One pass over the samples; close it when done or abandoned. */
    interface Pass extends AutoCloseable {

        /**
         * Up to {@code max} next samples; empty once the pass is over.
         *
         * @throws dev.fusion4j.FusionException if the samples cannot be read
         */
        List<MultimodalSample> next(int max);

        /** Frees what the pass holds (open files). */
        @Override
        void close();
    }

    /**
     * The samples of a list, in its order in the survey and shuffled as
     * {@link dev.fusion4j.model.FusionSpec#train(List, List, TrainingOptions)} shuffles them in
     * each epoch. The list is not copied: leave it unchanged while training.
     */
    static SampleSource of(List<MultimodalSample> samples) {
        return new ListSource(samples);
    }
}
