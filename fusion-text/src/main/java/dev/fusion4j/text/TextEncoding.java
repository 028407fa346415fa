package dev.fusion4j.text;

import dev.fusion4j.data.Features;

/**
 * One text's encoding: the pooled vector and the token states.
 *
 * @param pooled the sentence vector {@code [d]} (L2-normalised if the encoder normalises)
 * @param tokens the token states {@code [T, d]}, special tokens included (windows concatenated)
 * @param tokenCount word pieces of the text, special tokens excluded, before any truncation
 * @param truncated whether tokens beyond the model's length were dropped
 */
public record TextEncoding(Features pooled, Features tokens, int tokenCount, boolean truncated) {
}
