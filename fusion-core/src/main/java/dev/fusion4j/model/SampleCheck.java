package dev.fusion4j.model;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.InvalidLabelException;
import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import dev.fusion4j.internal.fusion.ModalitySchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks samples against a model before any tensor is made, so that every entry point ({@code fit},
 * {@code predict}, {@code evaluate}, ND4J serving) reports one mistake with one exception:
 * features that do not fit are an {@link InvalidSampleException}, labels that do not fit the head
 * an {@link InvalidLabelException}, each naming the sample, the set and what was expected.
 */
final class SampleCheck {
    private final ModalitySchema schema;
    private final Map<Modality, Boolean> sequences;
    private final Head head;

    /**
     * @param sequences per modality, whether the model was trained on sequences (true) or vectors
     *     (false); modalities not in it accept either
     */
    SampleCheck(ModalitySchema schema, Map<Modality, Boolean> sequences, Head head) {
        this.schema = schema;
        this.sequences = sequences;
        this.head = head;
    }

    /**
     * Whether each modality of {@code train} comes as sequences: what the model will expect later.
     *
     * @throws InvalidSampleException if the set mixes vectors and sequences in one modality
     * @throws IllegalArgumentException if no training sample has one of the model's modalities
     */
    Map<Modality, Boolean> trainingLayouts(List<MultimodalSample> train) {
        Layouts layouts = new Layouts();
        layouts.add(train, 0);
        return layouts.finish();
    }

    /** {@link #trainingLayouts} of a training set streamed in batches. */
    final class Layouts {
        private final Map<Modality, Boolean> layouts = new LinkedHashMap<>();
        private final Map<Modality, String> firstSample = new LinkedHashMap<>();

        /**
         * @param first the position of the batch's first sample in the training set
         * @throws InvalidSampleException if a modality comes as a vector in one sample and as a
         *     sequence in another
         */
        void add(List<MultimodalSample> batch, int first) {
            for (int i = 0; i < batch.size(); i++) {
                for (Map.Entry<Modality, Features> entry : batch.get(i).features().entrySet()) {
                    Boolean earlier = layouts.putIfAbsent(entry.getKey(), entry.getValue().isSequence());
                    firstSample.putIfAbsent(entry.getKey(), name(batch, i, first, "training"));
                    if (earlier != null && earlier != entry.getValue().isSequence()) {
                        throw new InvalidSampleException(name(batch, i, first, "training") + " has a "
                                + layout(!earlier) + " for modality '" + entry.getKey() + "', but "
                                + firstSample.get(entry.getKey()) + " has a " + layout(earlier)
                                + "; give every sample of a modality the same form");
                    }
                }
            }
        }

        /** @throws IllegalArgumentException if no sample had one of the model's modalities */
        Map<Modality, Boolean> finish() {
            for (Modality modality : schema.modalities()) {
                if (!layouts.containsKey(modality)) {
                    throw new IllegalArgumentException("no training sample has modality '" + modality
                            + "', which the model declares; add samples with it or leave it out of the model");
                }
            }
            return layouts;
        }
    }

    /**
     * @param set what the samples are, for messages ("training", "validation", "prediction")
     * @throws InvalidSampleException naming the first sample whose features do not fit
     */
    void requireFeatures(List<MultimodalSample> samples, String set) {
        requireFeatures(samples, set, 0);
    }

    /** {@link #requireFeatures(List, String)} of a batch whose first sample is sample {@code first} of its set. */
    void requireFeatures(List<MultimodalSample> samples, String set, int first) {
        for (int i = 0; i < samples.size(); i++) {
            MultimodalSample sample = samples.get(i);
            boolean any = false;
            for (Map.Entry<Modality, Features> entry : sample.features().entrySet()) {
                Modality modality = entry.getKey();
                Features features = entry.getValue();
                if (!schema.widths().containsKey(modality)) {
                    throw new InvalidSampleException(name(samples, i, first, set) + " has modality '" + modality
                            + "', which the model does not have; its modalities are " + schema.modalities());
                }
                any = true;
                if (features.dim() != schema.width(modality)) {
                    throw new InvalidSampleException(name(samples, i, first, set) + " has width " + features.dim()
                            + " for modality '" + modality + "'; the model expects " + schema.width(modality));
                }
                Boolean sequence = sequences.get(modality);
                if (sequence != null && sequence != features.isSequence()) {
                    throw new InvalidSampleException(name(samples, i, first, set) + " has a " + layout(features.isSequence())
                            + " for modality '" + modality + "', but the model was trained on a " + layout(sequence)
                            + "; pool or reshape the features the way the training data was");
                }
            }
            if (!any) {
                throw new InvalidSampleException(name(samples, i, first, set) + " has none of the model's modalities "
                        + schema.modalities());
            }
        }
    }

    /**
     * @throws InvalidLabelException naming the first sample whose label does not fit the head
     */
    void requireLabels(List<MultimodalSample> samples, String set) {
        requireLabels(samples, set, 0);
    }

    /** {@link #requireLabels(List, String)} of a batch whose first sample is sample {@code first} of its set. */
    void requireLabels(List<MultimodalSample> samples, String set, int first) {
        for (int i = 0; i < samples.size(); i++) {
            MultimodalSample sample = samples.get(i);
            String name = name(samples, i, first, set);
            Label label = sample.label().orElseThrow(() -> new InvalidLabelException(name + " has no label"));
            head.requireLabel(label, name);
        }
    }

    private static String layout(boolean sequence) {
        return sequence ? "sequence" : "vector";
    }

    private static String name(List<MultimodalSample> samples, int index, int first, String set) {
        return samples.get(index).describe(first + index) + " of the " + set + " set";
    }
}
