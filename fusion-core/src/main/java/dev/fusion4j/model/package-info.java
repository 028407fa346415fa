/**
 * The three tiers of a fusion model. A {@link dev.fusion4j.model.FusionSpec} says what to build
 * (modalities, {@link dev.fusion4j.model.Fusion fusion}, {@link dev.fusion4j.model.Head head},
 * modality dropout, seed); {@code spec.train(...)} returns a {@link dev.fusion4j.model.FusionModel}
 * (parameters, spec and {@link dev.fusion4j.model.Provenance}), an immutable value that saves and
 * loads; {@code model.newPredictor(backend)} returns a {@link dev.fusion4j.model.Predictor} that
 * owns the native memory of one backend until it is closed.
 */
package dev.fusion4j.model;
