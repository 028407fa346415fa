package dev.fusion4j.model;

/**
 * Checks a loaded {@link FusionStrategy}'s numbers before its operator is made: sizes are at most
 * the largest tensor size in the weight file, and counts that multiply the operator's parts
 * (layers, hidden layers) at most the number of tensors it holds, since each part has at least
 * one. So making the operator costs no more than the weight file's header.
 */
final class StrategyBounds {
    private final String prefix;
    private final int modalities;
    private final long largest;
    private final long tensors;
    private final String sizeBound;

    /**
     * @param prefix the file and field prefix for messages
     * @param modalities the model's number of modalities
     */
    StrategyBounds(String prefix, int modalities, SafeTensors.Layout layout) {
        this.prefix = prefix;
        this.modalities = modalities;
        this.largest = layout.largestSize();
        this.tensors = layout.entries().size();
        this.sizeBound = "the largest tensor size in " + layout.fileName();
    }

    /** @throws ModelFormatException naming the setting, its value and its bounds */
    void check(FusionStrategy strategy) {
        if (strategy instanceof FusionStrategy.Intermediate s) {
            size("width", s.width(), 1);
            size("rank", s.rank(), 0);
            size("outputWidth", s.outputWidth(), 0);
            JsonNumbers.within(s.hidden().size(), prefix + "hidden count", 0, tensors, tensorBound(1));
            for (int i = 0; i < s.hidden().size(); i++) {
                size("hidden[" + i + "]", s.hidden().get(i), 1);
            }
            JsonNumbers.fraction(s.dropout(), prefix + "dropout");
        } else if (strategy instanceof FusionStrategy.Attention s) {
            size("width", s.width(), 1);
            JsonNumbers.within(s.heads(), prefix + "heads", 1, s.width(), "the width");
            long blocksPerLayer = s.cross() ? (long) modalities * (modalities - 1) : 1;
            JsonNumbers.within(s.layers(), prefix + "layers", 1, tensors / blocksPerLayer,
                    tensorBound(blocksPerLayer));
            JsonNumbers.fraction(s.dropout(), prefix + "dropout");
        } else if (strategy instanceof FusionStrategy.Late s) {
            JsonNumbers.within(s.weights().size(), prefix + "weights count", 0, modalities, "one per modality");
            for (int i = 0; i < s.weights().size(); i++) {
                if (!Double.isFinite(s.weights().get(i))) {
                    throw new ModelFormatException(prefix + "weights[" + i + "] is " + s.weights().get(i));
                }
            }
        }
    }

    private void size(String field, long value, long min) {
        JsonNumbers.within(value, prefix + field, min, largest, sizeBound);
    }

    private String tensorBound(long perLayer) {
        return "the weight file holds " + tensors + " tensors"
                + (perLayer > 1 ? ", and each layer has " + perLayer + " blocks" : "");
    }
}
