package org.ser4j.eval.baseline;

/** Per-column z-scoring with statistics of the training rows only (so test folds do not leak into training). */
public record Standardiser(double[] mean, double[] std) {

    public static Standardiser fit(double[][] x, int[] rows) {
        int d = x[rows[0]].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[r][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        for (int r : rows) {
            for (int j = 0; j < d; j++) {
                double e = x[r][j] - mean[j];
                std[j] += e * e;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / rows.length) + 1e-6;
        }
        return new Standardiser(mean, std);
    }

    public double[] apply(double[] row) {
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (row[j] - mean[j]) / std[j];
        }
        return out;
    }
}
