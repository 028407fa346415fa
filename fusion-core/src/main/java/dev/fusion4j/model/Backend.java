package dev.fusion4j.model;

/** Where a {@link Predictor} computes. */
public enum Backend {
    /** DJL's PyTorch engine, on the model's device; runs every model. */
    DJL,
    /**
     * ND4J (inference only): predictions equal DJL's within 1e-5, with no allocation per call once
     * warmed up. Models with a {@link Trunk} cannot run here.
     */
    ND4J
}
