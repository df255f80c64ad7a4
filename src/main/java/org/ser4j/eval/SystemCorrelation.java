package org.ser4j.eval;

/**
 * How alike several systems are: the paper's diversity argument (fusion gains most from accurate systems with low
 * correlation). Two symmetric matrices over systems:
 * <ul>
 * <li>logit correlation: Pearson correlation over all (utterance, class) logits, after centring each utterance's
 * logit vector (softmax ignores a shift per utterance, so the shift carries no information);</li>
 * <li>error correlation: Pearson correlation of the 0/1 error indicators (the phi coefficient); NaN when one system
 * is always right or always wrong.</li>
 * </ul>
 */
public record SystemCorrelation(double[][] logitCorrelation, double[][] errorCorrelation) {

    public static SystemCorrelation of(AlignedPredictions p) {
        int n = p.systems();
        int c = p.classes();
        int u = p.utterances();
        double[][] centred = new double[n][u * c];
        double[][] errors = new double[n][u];
        for (int s = 0; s < n; s++) {
            double[] l = p.logits(s);
            int[] pred = p.predictions(s);
            for (int i = 0; i < u; i++) {
                double mean = 0;
                for (int j = 0; j < c; j++) {
                    mean += l[i * c + j];
                }
                mean /= c;
                for (int j = 0; j < c; j++) {
                    centred[s][i * c + j] = l[i * c + j] - mean;
                }
                errors[s][i] = pred[i] == p.truth(i) ? 0 : 1;
            }
        }
        double[][] lc = new double[n][n];
        double[][] ec = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                lc[a][b] = lc[b][a] = pearson(centred[a], centred[b]);
                ec[a][b] = ec[b][a] = pearson(errors[a], errors[b]);
            }
        }
        return new SystemCorrelation(lc, ec);
    }

    /** Pearson correlation; NaN when either series is constant. */
    public static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Mean of the off-diagonal entries of a correlation matrix (NaN entries skipped). */
    public static double meanOffDiagonal(double[][] m) {
        double s = 0;
        int k = 0;
        for (int a = 0; a < m.length; a++) {
            for (int b = 0; b < m.length; b++) {
                if (a != b && !Double.isNaN(m[a][b])) {
                    s += m[a][b];
                    k++;
                }
            }
        }
        return k == 0 ? Double.NaN : s / k;
    }
}
