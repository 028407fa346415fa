package dev.fusion4j.model;

import java.util.Map;

/**
 * Recreates {@link Trunk}s of one type when a saved model is loaded. Modules that provide trunks
 * register their factory in {@code META-INF/services/dev.fusion4j.model.TrunkFactory}.
 */
public interface TrunkFactory {

    /** The {@link Trunk#type()} this factory creates. */
    String type();

    /**
     * The trunk described by {@code settings}.
     *
     * @throws IllegalArgumentException if the settings do not describe a valid trunk
     */
    Trunk create(Map<String, String> settings);
}
