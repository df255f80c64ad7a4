package org.ser4j.eval.baseline;

/** Unweighted average recall: the mean over classes present in the truth of per-class recall. */
public final class Uar {
    private Uar() {}

    public static double of(int[] truth, int[] predicted, int classes) {
        int[] correct = new int[classes];
        int[] total = new int[classes];
        for (int i = 0; i < truth.length; i++) {
            total[truth[i]]++;
            if (truth[i] == predicted[i]) {
                correct[truth[i]]++;
            }
        }
        double s = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (total[c] > 0) {
                s += (double) correct[c] / total[c];
                present++;
            }
        }
        return present == 0 ? Double.NaN : s / present;
    }
}
