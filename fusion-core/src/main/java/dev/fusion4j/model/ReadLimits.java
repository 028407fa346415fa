package dev.fusion4j.model;

import com.google.gson.JsonElement;

/**
 * Bounds on the numbers of a spec read from JSON, checked before any part of the model is made, so
 * that making it costs no more than the weight file's header (or, for a spec alone, than a model of
 * {@link FusionSpec#MAX_PARAMETERS}): sizes are at most the largest tensor size, and counts that
 * multiply the operator's parts (layers, hidden layers) at most the number of tensors, since each
 * part has at least one. The strategy records check what makes a setting valid; these bounds
 * only keep a hostile file from allocating.
 */
final class ReadLimits {
    private final long largest;
    private final String sizeBound;
    private final long tensors;
    private final String tensorBound;

    private ReadLimits(long largest, String sizeBound, long tensors, String tensorBound) {
        this.largest = largest;
        this.sizeBound = sizeBound;
        this.tensors = tensors;
        this.tensorBound = tensorBound;
    }

    /** The bounds the weight file of a saved model sets. */
    static ReadLimits of(SafeTensors.Layout layout) {
        return new ReadLimits(layout.largestSize(), "the largest tensor size in " + layout.fileName(),
                layout.entries().size(), "the weight file holds " + layout.entries().size() + " tensors");
    }

    /** The bounds of a spec read alone: no part larger than the largest model. */
    static ReadLimits ofSpec() {
        return new ReadLimits(FusionSpec.MAX_PARAMETERS, "a model's most parameters",
                FusionSpec.MAX_PARAMETERS, "a model has at most " + FusionSpec.MAX_PARAMETERS + " parameters");
    }

    /** A size (a width, a number of outputs) from {@code min} to the largest tensor size. */
    int size(JsonElement element, String where, long min) {
        return (int) JsonNumbers.integer(element, where, min, largest, sizeBound);
    }

    /** Checks the number of elements of a list of sizes. */
    void sizeCount(int count, String where) {
        JsonNumbers.within(count, where, 0, largest, sizeBound);
    }

    /**
     * A count of parts of which each has {@code blocksPerPart} blocks of at least one tensor (layers,
     * hidden layers), from {@code min} to the number of tensors over {@code blocksPerPart}.
     */
    int count(JsonElement element, String where, long min, long blocksPerPart) {
        return (int) JsonNumbers.integer(element, where, min, tensors / blocksPerPart, countBound(blocksPerPart));
    }

    /** Checks the number of elements of a list whose each element makes a part (hidden layers). */
    void partCount(int count, String where) {
        JsonNumbers.within(count, where, 0, tensors, countBound(1));
    }

    private String countBound(long blocksPerPart) {
        return tensorBound + (blocksPerPart > 1 ? ", and each layer has " + blocksPerPart + " blocks" : "");
    }
}
