package dev.fusion4j.internal.data;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Label;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Pads and stacks samples into a {@link MultimodalBatch}; see there for the rules. */
final class Collator {
    /** The largest number of floats one batch tensor may hold (about 2 GiB). */
    static final long MAX_TENSOR_VALUES = Integer.MAX_VALUE - 8;

    private final Map<Modality, Integer> schema;
    private final boolean labels;

    /** @param labels whether to collate labels too; if not, samples' labels are ignored */
    Collator(Map<Modality, Integer> schema, boolean labels) {
        schema.forEach((modality, width) -> {
            if (width == null || width < 1) {
                throw new IllegalArgumentException("width of modality '" + modality + "' must be ≥ 1, got " + width);
            }
        });
        this.schema = Map.copyOf(schema);
        this.labels = labels;
    }

    MultimodalBatch collate(List<MultimodalSample> samples) {
        Objects.requireNonNull(samples, "samples");
        if (samples.isEmpty()) {
            throw new CollationException("cannot collate an empty list of samples");
        }
        List<String> names = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            MultimodalSample sample = Objects.requireNonNull(samples.get(i), "sample #" + i);
            names.add(sample.id().orElse("#" + i));
        }
        Map<Modality, ModalityBatch> batches = new LinkedHashMap<>();
        for (Map.Entry<Modality, Integer> entry : widths(samples, names).entrySet()) {
            batches.put(entry.getKey(), collateModality(entry.getKey(), entry.getValue(), samples, names));
        }
        return new MultimodalBatch(names, batches, labels ? labels(samples, names) : null);
    }

    private Map<Modality, Integer> widths(List<MultimodalSample> samples, List<String> names) {
        Map<Modality, Integer> widths = new LinkedHashMap<>();
        if (!schema.isEmpty()) {
            schema.keySet().stream().sorted().forEach(m -> widths.put(m, schema.get(m)));
        }
        for (int i = 0; i < samples.size(); i++) {
            for (Map.Entry<Modality, Features> entry : samples.get(i).features().entrySet()) {
                Modality modality = entry.getKey();
                if (!schema.isEmpty() && !schema.containsKey(modality)) {
                    throw new CollationException("sample '" + names.get(i) + "' has modality '" + modality
                            + "', which is not in the batch schema " + widths.keySet());
                }
                widths.putIfAbsent(modality, entry.getValue().dim());
            }
        }
        return widths;
    }

    private static ModalityBatch collateModality(Modality modality, int dim, List<MultimodalSample> samples,
                                                 List<String> names) {
        int batchSize = samples.size();
        int maxLength = 1;
        Boolean sequence = null;
        String firstKindSample = null;
        for (int i = 0; i < batchSize; i++) {
            Features f = samples.get(i).features().get(modality);
            if (f == null) {
                continue;
            }
            if (f.dim() != dim) {
                throw new CollationException("modality '" + modality + "' of sample '" + names.get(i) + "' has width "
                        + f.dim() + ", expected " + dim);
            }
            if (sequence == null) {
                sequence = f.isSequence();
                firstKindSample = names.get(i);
            } else if (sequence != f.isSequence()) {
                throw new CollationException("modality '" + modality + "' mixes vectors and sequences: sample '"
                        + names.get(i) + "' has a " + kind(f.isSequence()) + ", sample '" + firstKindSample
                        + "' a " + kind(sequence));
            }
            maxLength = Math.max(maxLength, f.length());
        }
        long total = (long) batchSize * maxLength * dim;
        if (total > MAX_TENSOR_VALUES) {
            throw new CollationException("modality '" + modality + "' would need a [" + batchSize + ", " + maxLength
                    + ", " + dim + "] tensor (" + total + " values); split the batch or shorten the sequences");
        }
        float[] values = new float[(int) total];
        float[] padding = new float[batchSize * maxLength];
        float[] presence = new float[batchSize];
        for (int i = 0; i < batchSize; i++) {
            Features f = samples.get(i).features().get(modality);
            if (f == null) {
                continue;
            }
            presence[i] = 1f;
            f.copyTo(values, i * maxLength * dim);
            Arrays.fill(padding, i * maxLength, i * maxLength + f.length(), 1f);
        }
        return new ModalityBatch(modality, batchSize, maxLength, dim, Boolean.TRUE.equals(sequence),
                values, padding, presence);
    }

    private static String kind(boolean sequence) {
        return sequence ? "sequence" : "vector";
    }

    private static BatchLabels labels(List<MultimodalSample> samples, List<String> names) {
        int labelled = (int) samples.stream().filter(s -> s.label().isPresent()).count();
        if (labelled == 0) {
            return null;
        }
        if (labelled != samples.size()) {
            int unlabelled = indexWhere(samples, false);
            int withLabel = indexWhere(samples, true);
            throw new CollationException("sample '" + names.get(unlabelled) + "' has no label but sample '"
                    + names.get(withLabel) + "' has one; label all samples or none");
        }
        Label first = samples.get(0).label().orElseThrow();
        if (first.isClass()) {
            int[] classes = new int[samples.size()];
            for (int i = 0; i < classes.length; i++) {
                Label label = samples.get(i).label().orElseThrow();
                requireSameKind(label, first, names, i);
                classes[i] = label.classIndex();
            }
            return BatchLabels.ofClasses(classes);
        }
        int width = first.size();
        float[] values = new float[samples.size() * width];
        for (int i = 0; i < samples.size(); i++) {
            Label label = samples.get(i).label().orElseThrow();
            requireSameKind(label, first, names, i);
            if (label.size() != width) {
                throw new CollationException("label of sample '" + names.get(i) + "' has " + label.size()
                        + " values, the first sample's has " + width);
            }
            System.arraycopy(label.values(), 0, values, i * width, width);
        }
        return BatchLabels.ofValues(values, width);
    }

    private static void requireSameKind(Label label, Label first, List<String> names, int index) {
        if (label.isClass() != first.isClass()) {
            throw new CollationException("sample '" + names.get(index) + "' has a " + describe(label)
                    + " label but sample '" + names.get(0) + "' a " + describe(first) + " label");
        }
    }

    private static String describe(Label label) {
        return label.isClass() ? "class" : "value";
    }

    private static int indexWhere(List<MultimodalSample> samples, boolean labelled) {
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).label().isPresent() == labelled) {
                return i;
            }
        }
        throw new IllegalStateException("no sample with labelled=" + labelled);
    }
}
