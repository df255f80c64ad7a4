package org.ser4j.eval;

import java.util.Objects;

/**
 * One line of {@code predictions.csv} (docs/contracts.md §4): an utterance, where it was evaluated (fold, split, the selected
 * step), its true emotion and the system's logits in label order.
 */
public record PredictionRow(String uttId, String corpus, String language, int fold, String split, long step,
                            String emotion, double[] logits) {
    public PredictionRow {
        Objects.requireNonNull(uttId, "utt_id");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(emotion, "emotion");
        logits = logits.clone();
    }

    @Override
    public double[] logits() {
        return logits.clone();
    }

    public double logit(int c) {
        return logits[c];
    }

    public TestColumn column() {
        return new TestColumn(corpus, language);
    }
}
