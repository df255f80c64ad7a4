package org.ser4j.train;

import java.util.List;

import org.ser4j.eval.PredictionTable;

/**
 * Outputs of the model on one split, in the order of {@code examples}: emotion logits [N][E], domain logits (null
 * without a DC), pooled FE outputs (null unless asked for), and summary figures. {@code domAcc} is measured against
 * the true domains, also in fake-domain training.
 */
public record EvalResult(String split, List<Example> examples, float[][] emotionLogits, float[][] domainLogits,
                         float[][] embeddings, double lossEmo, double lossDom, double uar, double war, double domAcc) {

    /** Appends one {@code predictions.csv} row per example: the logits of {@code step} in fold {@code fold}. */
    void appendPredictions(StringBuilder out, int fold, int step, List<String> labels) {
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            out.append(PredictionTable.line(e.uttId(), e.corpus(), e.language(), fold, split, step,
                    labels.get(e.emotion()), emotionLogits[i]));
        }
    }
}
