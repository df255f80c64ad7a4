package org.ser4j.util;

/**
 * Unweighted average recall (the mean of per-class recalls over the classes present in the reference; the paper's
 * main measure), weighted average recall (= accuracy) and the arg-max that turns logits into a class. Every UAR in
 * ser4j is computed here, so the trainer, the evaluation and the baselines agree to the last bit.
 */
public final class Recall {
    private Recall() {}

    /**
     * The mean of {@code hits[c] / totals[c]} over the classes with {@code totals[c] > 0}, summed in class order;
     * NaN when no class occurs.
     */
    public static double uar(long[] hits, long[] totals) {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < totals.length; c++) {
            if (totals[c] > 0) {
                sum += (double) hits[c] / totals[c];
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    public static double uar(int[] truth, int[] predicted, int classes) {
        long[] total = new long[classes];
        long[] hit = new long[classes];
        for (int i = 0; i < truth.length; i++) {
            total[truth[i]]++;
            if (truth[i] == predicted[i]) {
                hit[truth[i]]++;
            }
        }
        return uar(hit, total);
    }

    /** Correct over all; NaN when there is nothing. */
    public static double war(long correct, long total) {
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    public static double war(int[] truth, int[] predicted) {
        long hit = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                hit++;
            }
        }
        return war(hit, truth.length);
    }

    /** Index of the largest value; the lowest index wins ties (as in fusion, docs/contracts.md §6). */
    public static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }
}
