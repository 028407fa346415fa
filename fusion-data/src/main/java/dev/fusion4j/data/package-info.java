/**
 * The data model: {@link dev.fusion4j.data.Modality}, {@link dev.fusion4j.data.Features} (one
 * modality of one sample), {@link dev.fusion4j.data.Label}, {@link dev.fusion4j.data.MultimodalSample},
 * and the {@link dev.fusion4j.data.Encoder} that turns raw inputs into features.
 */
package dev.fusion4j.data;
