package org.ser4j.train;

/**
 * Unweighted average recall (mean of per-class recalls over the classes present in the reference; the paper's main
 * measure) and weighted average recall (= accuracy).
 */
public final class Recall {
    private Recall() {}

    public static double uar(int[] truth, int[] predicted, int classes) {
        int[] total = new int[classes];
        int[] hit = new int[classes];
        for (int i = 0; i < truth.length; i++) {
            total[truth[i]]++;
            if (truth[i] == predicted[i]) {
                hit[truth[i]]++;
            }
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (total[c] > 0) {
                sum += (double) hit[c] / total[c];
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    public static double war(int[] truth, int[] predicted) {
        if (truth.length == 0) {
            return Double.NaN;
        }
        int hit = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                hit++;
            }
        }
        return (double) hit / truth.length;
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
