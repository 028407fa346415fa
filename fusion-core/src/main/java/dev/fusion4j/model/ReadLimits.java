package dev.fusion4j.model;

import com.google.gson.JsonElement;
import dev.fusion4j.internal.io.JsonNumbers;
import dev.fusion4j.internal.io.SafeTensors;

/**
 * Bounds on the numbers of a spec read from JSON, checked before any part of the model is made, so
 * that making it costs no more than the weight file's header: sizes are at most the largest tensor
 * size, and counts that multiply the operator's parts (layers, hidden layers) at most the number
 * of tensors, since each part has at least one. A spec read alone has no weight file: its sizes are
 * at most {@link FusionSpec#MAX_PARAMETERS} and its parts at most {@link #MAX_SPEC_PARTS}. The
 * strategy records check what makes a setting valid; these bounds keep a hostile file from
 * allocating.
 */
final class ReadLimits {
    /** The most parts (attention blocks, hidden layers) a spec read alone may make. */
    static final int MAX_SPEC_PARTS = 1 << 16;

    private final long largest;
    private final String sizeBound;
    private final long parts;
    private final String partBound;

    private ReadLimits(long largest, String sizeBound, long parts, String partBound) {
        this.largest = largest;
        this.sizeBound = sizeBound;
        this.parts = parts;
        this.partBound = partBound;
    }

    /** The bounds the weight file of a saved model sets. */
    static ReadLimits of(SafeTensors.Layout layout) {
        return new ReadLimits(layout.largestSize(), "the largest tensor size in " + layout.fileName(),
                layout.entries().size(), "the weight file holds " + layout.entries().size() + " tensors");
    }

    /** The bounds of a spec read alone. */
    static ReadLimits ofSpec() {
        return new ReadLimits(FusionSpec.MAX_PARAMETERS, "the most parameters a model may have", MAX_SPEC_PARTS,
                "a spec read alone makes at most " + MAX_SPEC_PARTS + " parts");
    }

    /** A size (a width, a number of outputs) from {@code min} to the largest tensor size. */
    int size(JsonElement element, String where, long min) {
        return (int) JsonNumbers.integer(element, where, min, largest, sizeBound);
    }

    /** Checks the number of elements of a list of sizes (names, one per output). */
    void sizeCount(int count, String where) {
        JsonNumbers.within(count, where, 0, largest, sizeBound);
    }

    /** Checks the number of elements of a list whose each element makes a part (hidden layers). */
    void partCount(int count, String where) {
        JsonNumbers.within(count, where, 0, parts, partBound);
    }

    /** A number of layers of {@code blocks} parts each, from {@code min} to the parts over {@code blocks}. */
    int layers(JsonElement element, String where, long min, long blocks) {
        return (int) JsonNumbers.integer(element, where, min, parts / blocks,
                partBound + (blocks > 1 ? ", and each layer has " + blocks + " blocks" : ""));
    }
}
