package org.ser4j.infer;

/**
 * What a backend returns for a batch: one row of logits per item.
 *
 * @param emotion [B][labels]
 * @param domain  [B][domains], or null when the model has no domain head
 */
public record HeadLogits(float[][] emotion, float[][] domain) {
}
