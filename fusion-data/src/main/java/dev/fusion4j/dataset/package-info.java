/**
 * Data sets on disk: {@link dev.fusion4j.dataset.Manifest} reads a CSV or JSON Lines manifest and
 * {@link dev.fusion4j.dataset.ClassFolders} a folder-per-class layout into
 * {@link dev.fusion4j.dataset.RawSample}s (texts and file paths, not yet encoded);
 * {@link dev.fusion4j.dataset.Splits} makes stratified, seeded train/validation/test splits and
 * k folds of any labelled items.
 */
package dev.fusion4j.dataset;
