/**
 * The data model: {@link dev.fusion4j.data.Modality}, {@link dev.fusion4j.data.Features} (one
 * modality of one sample), {@link dev.fusion4j.data.MultimodalSample} and the padded, masked
 * {@link dev.fusion4j.internal.data.MultimodalBatch} made by collation.
 */
package dev.fusion4j.data;
