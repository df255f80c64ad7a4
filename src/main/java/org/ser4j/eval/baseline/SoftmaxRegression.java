package org.ser4j.eval.baseline;

/**
 * Multinomial logistic regression: p(c|x) = softmax(W x + b), trained by L-BFGS on the mean cross-entropy plus
 * {@code l2} * ||W||^2 (the bias is not penalised). Inputs should be standardised.
 */
public final class SoftmaxRegression {
    private final int classes;
    private final int dim;
    private final double[] weights;

    private SoftmaxRegression(int classes, int dim, double[] weights) {
        this.classes = classes;
        this.dim = dim;
        this.weights = weights;
    }

    public static SoftmaxRegression fit(double[][] x, int[] y, int classes, double l2, int maxIterations) {
        int dim = x[0].length;
        Lbfgs.Objective f = (w, grad) -> lossAndGradient(w, x, y, classes, dim, l2, grad);
        double[] w = Lbfgs.minimise(f, new double[classes * (dim + 1)], 10, maxIterations, 1e-6);
        return new SoftmaxRegression(classes, dim, w);
    }

    /** Parameters laid out per class: dim weights then the bias. */
    static double lossAndGradient(double[] w, double[][] x, int[] y, int classes, int dim, double l2, double[] grad) {
        java.util.Arrays.fill(grad, 0.0);
        double loss = 0;
        double[] z = new double[classes];
        int n = x.length;
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                int o = c * (dim + 1);
                double s = w[o + dim];
                for (int j = 0; j < dim; j++) {
                    s += w[o + j] * x[i][j];
                }
                z[c] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            loss += -Math.log(z[y[i]] / sum);
            for (int c = 0; c < classes; c++) {
                double d = (z[c] / sum - (c == y[i] ? 1 : 0)) / n;
                int o = c * (dim + 1);
                for (int j = 0; j < dim; j++) {
                    grad[o + j] += d * x[i][j];
                }
                grad[o + dim] += d;
            }
        }
        loss /= n;
        for (int c = 0; c < classes; c++) {
            int o = c * (dim + 1);
            for (int j = 0; j < dim; j++) {
                loss += l2 * w[o + j] * w[o + j];
                grad[o + j] += 2 * l2 * w[o + j];
            }
        }
        return loss;
    }

    public double[] scores(double[] x) {
        double[] z = new double[classes];
        for (int c = 0; c < classes; c++) {
            int o = c * (dim + 1);
            double s = weights[o + dim];
            for (int j = 0; j < dim; j++) {
                s += weights[o + j] * x[j];
            }
            z[c] = s;
        }
        return z;
    }

    /** The arg-max class; ties go to the lowest index. */
    public int predict(double[] x) {
        double[] z = scores(x);
        int best = 0;
        for (int c = 1; c < z.length; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        return best;
    }
}
