package org.ser4j.eval.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ser4j.util.Recall;

/**
 * The MFCC + logistic-regression baseline on given folds, so that it can stand in the same table as trained systems:
 * for every fold a standardised L2 softmax regression ({@link BaselineProtocols#logisticRegression}) is trained on
 * that fold's training rows and predicts its test rows; the UAR is that of all test rows pooled over folds (as
 * {@code system.json}'s {@code pooled_test_uar}), next to the per-fold UARs.
 */
public final class FoldedBaseline {
    /** Training and test rows (indices into the feature matrix) of one fold. */
    public record Fold(int number, int[] train, int[] test) {}

    /**
     * @param pooledUar UAR of the pooled test predictions
     * @param foldUars  fold number -> UAR of that fold's test rows
     * @param predicted predicted class of each row (-1 for rows no fold tests)
     */
    public record Result(double pooledUar, Map<Integer, Double> foldUars, int[] predicted) {}

    private FoldedBaseline() {}

    /** With the baseline's regularisation ({@link BaselineProtocols#DEFAULT_L2}). */
    public static Result run(double[][] x, int[] labels, int classes, List<Fold> folds) {
        return run(x, labels, classes, folds, BaselineProtocols.logisticRegression(BaselineProtocols.DEFAULT_L2));
    }

    public static Result run(double[][] x, int[] labels, int classes, List<Fold> folds,
                             BaselineProtocols.Learner learner) {
        int[] pred = new int[x.length];
        Arrays.fill(pred, -1);
        List<Integer> truth = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        Map<Integer, Double> perFold = new LinkedHashMap<>();
        for (Fold f : folds) {
            if (f.train().length == 0 || f.test().length == 0) {
                throw new IllegalArgumentException("fold " + f.number() + ": needs training and test rows");
            }
            BaselineProtocols.Predictor p = learner.train(x, f.train(), labels, classes);
            int[] ft = new int[f.test().length];
            int[] fp = new int[f.test().length];
            for (int i = 0; i < ft.length; i++) {
                int r = f.test()[i];
                fp[i] = p.predict(x[r]);
                ft[i] = labels[r];
                pred[r] = fp[i];
                truth.add(ft[i]);
                out.add(fp[i]);
            }
            perFold.put(f.number(), Recall.uar(ft, fp, classes));
        }
        double pooled = Recall.uar(truth.stream().mapToInt(Integer::intValue).toArray(),
                out.stream().mapToInt(Integer::intValue).toArray(), classes);
        return new Result(pooled, perFold, pred);
    }
}
