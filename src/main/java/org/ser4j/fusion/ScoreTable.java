package org.ser4j.fusion;

import java.util.List;

import org.ser4j.eval.AlignedPredictions;
import org.ser4j.eval.ConfusionMatrix;
import org.ser4j.eval.Quantised;

/**
 * Integer scores of n systems on U utterances of C classes under one combination rule, with the truth. It is what
 * the subset searches read; {@code scores[s][u * C + c]}.
 */
public final class ScoreTable {
    private final List<String> labels;
    private final int[] truth;
    private final long[][] scores;

    public ScoreTable(List<String> labels, int[] truth, long[][] scores) {
        this.labels = List.copyOf(labels);
        this.truth = truth.clone();
        this.scores = new long[scores.length][];
        for (int s = 0; s < scores.length; s++) {
            if (scores[s].length != truth.length * labels.size()) {
                throw new IllegalArgumentException("system " + s + " has " + scores[s].length + " scores, expected "
                        + truth.length * labels.size());
            }
            this.scores[s] = scores[s].clone();
        }
        for (int t : truth) {
            if (t < 0 || t >= labels.size()) {
                throw new IllegalArgumentException("truth index " + t + " outside 0.." + (labels.size() - 1));
            }
        }
    }

    public static ScoreTable of(AlignedPredictions p, CombinationRule rule) {
        long[][] s = new long[p.systems()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = rule.scores(p.quantised(i), p.classes());
        }
        return new ScoreTable(p.labels(), p.truths(), s);
    }

    public int systems() {
        return scores.length;
    }

    public int utterances() {
        return truth.length;
    }

    public int classes() {
        return labels.size();
    }

    public List<String> labels() {
        return labels;
    }

    public int truth(int u) {
        return truth[u];
    }

    int[] truthArray() {
        return truth;
    }

    long[] scores(int s) {
        return scores[s];
    }

    /** The fused prediction of a member subset for every utterance (sum of scores, lowest class index on ties). */
    public int[] predict(int[] members) {
        int c = classes();
        long[] sum = new long[c];
        int[] out = new int[truth.length];
        for (int u = 0; u < out.length; u++) {
            java.util.Arrays.fill(sum, 0);
            for (int m : members) {
                for (int j = 0; j < c; j++) {
                    sum[j] += scores[m][u * c + j];
                }
            }
            out[u] = Quantised.argmax(sum, 0, c);
        }
        return out;
    }

    public ConfusionMatrix confusion(int[] members) {
        return ConfusionMatrix.of(labels, truth, predict(members));
    }
}
