package org.ser4j.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores of one prediction set per fold and over all folds. {@code pooled} counts every utterance once in one
 * confusion matrix; {@code meanOfFolds} averages the per-fold UAR/WAR (the s3prl/emotion2vec convention). They differ
 * slightly because sessions differ in size; ser4j's tables use the pooled figures and say so.
 */
public record FoldedEvaluation(ConfusionMatrix pooled, Map<Integer, ConfusionMatrix> perFold) {

    public static FoldedEvaluation of(List<String> labels, int[] truth, int[] predicted, int[] fold) {
        ConfusionMatrix pooled = ConfusionMatrix.of(labels, truth, predicted);
        Map<Integer, ConfusionMatrix> per = new LinkedHashMap<>();
        int[] order = java.util.stream.IntStream.of(fold).distinct().sorted().toArray();
        for (int f : order) {
            per.put(f, new ConfusionMatrix(labels));
        }
        for (int i = 0; i < truth.length; i++) {
            per.get(fold[i]).add(truth[i], predicted[i]);
        }
        return new FoldedEvaluation(pooled, per);
    }

    /** Evaluates a system's rows as they are (filter by split/column first). */
    public static FoldedEvaluation of(PredictionTable table) {
        int[] fold = table.rows().stream().mapToInt(PredictionRow::fold).toArray();
        return of(table.labels(), table.truths(), table.predictions(), fold);
    }

    public double pooledUar() {
        return pooled.uar();
    }

    public double pooledWar() {
        return pooled.war();
    }

    public double meanOfFoldsUar() {
        return mean(perFold.values().stream().map(ConfusionMatrix::uar).toList());
    }

    public double meanOfFoldsWar() {
        return mean(perFold.values().stream().map(ConfusionMatrix::war).toList());
    }

    private static double mean(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.size();
    }

    public List<Integer> folds() {
        return new ArrayList<>(perFold.keySet());
    }
}
