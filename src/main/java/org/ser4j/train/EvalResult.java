package org.ser4j.train;

import java.util.List;

/**
 * Outputs of the model on one split, in the order of {@code examples}: emotion logits [N][E], domain logits (null
 * without a DC), pooled FE outputs (null unless asked for), and summary figures. {@code domAcc} is measured against
 * the true domains, also in fake-domain training.
 */
public record EvalResult(String split, List<Example> examples, float[][] emotionLogits, float[][] domainLogits,
                         float[][] embeddings, double lossEmo, double lossDom, double uar, double war, double domAcc) {
}
