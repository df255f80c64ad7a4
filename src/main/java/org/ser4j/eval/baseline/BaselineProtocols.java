package org.ser4j.eval.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntPredicate;

import org.ser4j.util.Recall;
import org.ser4j.util.SoftmaxRegression;

/**
 * Evaluation protocols of the baseline: leave-one-session-out (the mean of per-fold UARs, as the reference
 * recipe reports it), train-on-A/test-on-B, and the same for arbitrary integer labels (e.g. language).
 */
public final class BaselineProtocols {
    public static final double DEFAULT_L2 = 1e-2;
    public static final int MAX_ITERATIONS = 300;

    private BaselineProtocols() {}

    /** A classifier factory: trains on rows, returns a predictor for rows. */
    @FunctionalInterface
    public interface Learner {
        Predictor train(double[][] x, int[] rows, int[] labels, int classes);
    }

    @FunctionalInterface
    public interface Predictor {
        int predict(double[] row);
    }

    /** Standardise with the training rows, then L2 softmax regression. */
    public static Learner logisticRegression(double l2) {
        return (x, rows, labels, classes) -> {
            Standardiser st = Standardiser.fit(x, rows);
            double[][] xs = new double[rows.length][];
            int[] ys = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                xs[i] = st.apply(x[rows[i]]);
                ys[i] = labels[rows[i]];
            }
            SoftmaxRegression m = SoftmaxRegression.fit(xs, ys, classes, l2, MAX_ITERATIONS);
            return row -> m.predict(st.apply(row));
        };
    }

    /** One-dimensional Gaussian class-conditional classifier on column 0 (equal priors, as for UAR). */
    public static Learner gaussianOneFeature() {
        return (x, rows, labels, classes) -> {
            double[] mean = new double[classes];
            double[] var = new double[classes];
            int[] n = new int[classes];
            for (int r : rows) {
                mean[labels[r]] += x[r][0];
                n[labels[r]]++;
            }
            for (int c = 0; c < classes; c++) {
                mean[c] /= Math.max(1, n[c]);
            }
            for (int r : rows) {
                double e = x[r][0] - mean[labels[r]];
                var[labels[r]] += e * e;
            }
            double pooled = 0;
            for (int c = 0; c < classes; c++) {
                pooled += var[c];
            }
            pooled = pooled / Math.max(1, rows.length) + 1e-12;
            for (int c = 0; c < classes; c++) {
                // A small share of the pooled variance keeps degenerate (constant) classes usable.
                var[c] = var[c] / Math.max(1, n[c]) + 1e-3 * pooled + 1e-12;
            }
            return row -> {
                int best = 0;
                double bestLl = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    if (n[c] == 0) {
                        continue;
                    }
                    double e = row[0] - mean[c];
                    double ll = -0.5 * Math.log(var[c]) - 0.5 * e * e / var[c];
                    if (ll > bestLl) {
                        bestLl = ll;
                        best = c;
                    }
                }
                return best;
            };
        };
    }

    /** Result of a LOSO run: UAR per fold (in session order), their mean, and the pooled predictions. */
    public record LosoResult(List<Double> foldUars, double meanUar, int[] predictions) {}

    public static LosoResult loso(LabelledFeatures d, int[] labels, int classes, IntPredicate subset, Learner learner) {
        TreeSet<Integer> sessions = new TreeSet<>();
        for (int i = 0; i < d.size(); i++) {
            if (subset.test(i)) {
                sessions.add(d.session()[i]);
            }
        }
        int[] pred = new int[d.size()];
        java.util.Arrays.fill(pred, -1);
        List<Double> folds = new ArrayList<>();
        for (int s : sessions) {
            int[] train = d.rows(i -> subset.test(i) && d.session()[i] != s);
            int[] test = d.rows(i -> subset.test(i) && d.session()[i] == s);
            Predictor p = learner.train(d.x(), train, labels, classes);
            int[] truth = new int[test.length];
            int[] out = new int[test.length];
            for (int i = 0; i < test.length; i++) {
                out[i] = p.predict(d.x()[test[i]]);
                truth[i] = labels[test[i]];
                pred[test[i]] = out[i];
            }
            folds.add(Recall.uar(truth, out, classes));
        }
        double mean = folds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new LosoResult(folds, mean, pred);
    }

    public static double trainTest(LabelledFeatures d, int[] labels, int classes, IntPredicate train, IntPredicate test,
                                   Learner learner) {
        int[] tr = d.rows(train);
        int[] te = d.rows(test);
        Predictor p = learner.train(d.x(), tr, labels, classes);
        int[] truth = new int[te.length];
        int[] out = new int[te.length];
        for (int i = 0; i < te.length; i++) {
            out[i] = p.predict(d.x()[te[i]]);
            truth[i] = labels[te[i]];
        }
        return Recall.uar(truth, out, classes);
    }
}
