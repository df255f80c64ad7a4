package org.ser4j.eval;

import java.util.List;
import java.util.Objects;

import org.ser4j.util.Recall;

/**
 * Counts of (true class, predicted class) with UAR, WAR and row-normalised percentages.
 * Rows are the truth, columns the prediction, both in label order. UAR averages the recall of the classes that occur
 * in the truth: a class with no utterance has no recall and is left out of the mean (stated, not hidden).
 */
public final class ConfusionMatrix {
    private final List<String> labels;
    private final long[][] counts;

    public ConfusionMatrix(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.counts = new long[labels.size()][labels.size()];
    }

    public static ConfusionMatrix of(List<String> labels, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " items, predictions " + predicted.length);
        }
        ConfusionMatrix m = new ConfusionMatrix(labels);
        for (int i = 0; i < truth.length; i++) {
            m.add(truth[i], predicted[i]);
        }
        return m;
    }

    public void add(int truth, int predicted) {
        counts[truth][predicted]++;
    }

    public void addAll(ConfusionMatrix other) {
        if (!other.labels.equals(labels)) {
            throw new IllegalArgumentException("label orders differ: " + labels + " vs " + other.labels);
        }
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                counts[i][j] += other.counts[i][j];
            }
        }
    }

    public List<String> labels() {
        return labels;
    }

    public long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    public long rowTotal(int truth) {
        long s = 0;
        for (long v : counts[truth]) {
            s += v;
        }
        return s;
    }

    public long total() {
        long s = 0;
        for (int i = 0; i < counts.length; i++) {
            s += rowTotal(i);
        }
        return s;
    }

    public long correct() {
        long s = 0;
        for (int i = 0; i < counts.length; i++) {
            s += counts[i][i];
        }
        return s;
    }

    /** Recall of one class, NaN when the class does not occur. */
    public double recall(int truth) {
        long n = rowTotal(truth);
        return n == 0 ? Double.NaN : (double) counts[truth][truth] / n;
    }

    /** Unweighted average recall in [0, 1] over the classes present; NaN for an empty matrix. */
    public double uar() {
        long[] hits = new long[counts.length];
        long[] totals = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            hits[i] = counts[i][i];
            totals[i] = rowTotal(i);
        }
        return Recall.uar(hits, totals);
    }

    /** Weighted average recall (overall accuracy) in [0, 1]; NaN for an empty matrix. */
    public double war() {
        return Recall.war(correct(), total());
    }

    /** Row-normalised percentages (each row with utterances sums to 100); rows without utterances are NaN. */
    public double[][] rowPercent() {
        double[][] p = new double[counts.length][counts.length];
        for (int i = 0; i < counts.length; i++) {
            long n = rowTotal(i);
            for (int j = 0; j < counts.length; j++) {
                p[i][j] = n == 0 ? Double.NaN : 100.0 * counts[i][j] / n;
            }
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && m.labels.equals(labels) && java.util.Arrays.deepEquals(m.counts, counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(labels, java.util.Arrays.deepHashCode(counts));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("truth\\pred");
        for (String l : labels) {
            sb.append('\t').append(l);
        }
        for (int i = 0; i < counts.length; i++) {
            sb.append('\n').append(labels.get(i));
            for (long v : counts[i]) {
                sb.append('\t').append(v);
            }
        }
        return sb.toString();
    }
}
