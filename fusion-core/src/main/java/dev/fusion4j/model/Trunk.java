package dev.fusion4j.model;

import ai.djl.nn.Block;
import java.util.Map;

/**
 * A trainable network in front of one modality, trained together with the fusion model: the way
 * to fine-tune an encoder end to end (e.g. {@code dev.fusion4j.image.ResNetTrunk}). It maps each
 * time step of a modality's raw input — {@link #inputWidth()} values, such as preprocessed
 * pixels — to {@link #outputWidth()} features that the fusion operator sees. Trunks run on DJL
 * only.
 *
 * <p>Implementations are immutable values. A saved model records {@link #type()} and
 * {@link #settings()}; loading it asks the {@link TrunkFactory} of that type, found with
 * {@link java.util.ServiceLoader}, to recreate the trunk.
 */
public interface Trunk {

    /** The name its {@link TrunkFactory} answers to, e.g. {@code "resnet"}. */
    String type();

    /** Everything {@link TrunkFactory#create} needs to recreate this trunk. */
    Map<String, String> settings();

    /** Raw values per time step. */
    int inputWidth();

    /** Features per time step, the width the fusion operator sees. */
    int outputWidth();

    /** A new, uninitialised block mapping {@code [N, inputWidth]} to {@code [N, outputWidth]}. */
    Block newBlock();

    /**
     * Starting weights by {@link #newBlock()}'s parameter names (a pretrained network's), or an
     * empty map to start from the block's own seeded initialisation.
     */
    default Map<String, float[]> initialWeights() {
        return Map.of();
    }
}
