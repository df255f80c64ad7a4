package org.ser4j.util;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Multinomial logistic regression, p(c|x) = softmax(W x + b), in plain Java and deterministic. One model, three ways
 * to fit it: L-BFGS on the mean cross-entropy plus {@code l2} * ||W||^2 (the MFCC baseline), full-batch gradient
 * descent (the domain probe), and Adam on shuffled mini-batches (intermediate fusion). The bias is never penalised;
 * inputs should be standardised. Parameters are laid out per class: {@code dim} weights, then the bias.
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

    /** Fits by L-BFGS (memory 10, gradient tolerance 1e-6). */
    public static SoftmaxRegression fit(double[][] x, int[] y, int classes, double l2, int maxIterations) {
        int dim = x[0].length;
        Lbfgs.Objective f = (w, grad) -> lossAndGradient(w, x, y, classes, dim, l2, grad);
        double[] w = Lbfgs.minimise(f, new double[classes * (dim + 1)], 10, maxIterations, 1e-6);
        return new SoftmaxRegression(classes, dim, w);
    }

    /**
     * Fits by {@code epochs} steps of full-batch gradient descent from zero weights: each step moves by {@code lr}
     * times the mean gradient plus {@code decay} times the weights (not the bias).
     */
    public static SoftmaxRegression fitGradientDescent(double[][] x, int[] y, int classes, int epochs, double lr,
                                                       double decay) {
        int d = x[0].length;
        double[] w = new double[classes * (d + 1)];
        SoftmaxRegression model = new SoftmaxRegression(classes, d, w);
        double[] grad = new double[w.length];
        for (int e = 0; e < epochs; e++) {
            Arrays.fill(grad, 0);
            for (int i = 0; i < x.length; i++) {
                double[] p = model.probabilities(x[i]);
                for (int c = 0; c < classes; c++) {
                    double g = p[c] - (y[i] == c ? 1 : 0);
                    int o = c * (d + 1);
                    for (int j = 0; j < d; j++) {
                        grad[o + j] += g * x[i][j];
                    }
                    grad[o + d] += g;
                }
            }
            for (int c = 0; c < classes; c++) {
                int o = c * (d + 1);
                for (int j = 0; j <= d; j++) {
                    w[o + j] -= lr * (grad[o + j] / x.length + (j < d ? decay * w[o + j] : 0));
                }
            }
        }
        return model;
    }

    /**
     * Fits by Adam from zero weights: {@code epochs} passes over mini-batches of {@code batch} rows in an order
     * shuffled by {@code seed}, each step on the batch's mean gradient, with decoupled weight decay {@code decay}.
     */
    public static SoftmaxRegression fitAdam(float[][] x, int[] y, int classes, int epochs, int batch, double lr,
                                            double decay, long seed) {
        int d = x[0].length;
        double[] w = new double[classes * (d + 1)];
        SoftmaxRegression model = new SoftmaxRegression(classes, d, w);
        boolean[] decayed = new boolean[w.length];
        for (int c = 0; c < classes; c++) {
            Arrays.fill(decayed, c * (d + 1), c * (d + 1) + d, true);
        }
        Adam adam = new Adam(w.length);
        double[] grad = new double[w.length];
        int[] order = Shuffle.identity(x.length);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int e = 0; e < epochs; e++) {
            Shuffle.inPlace(order, rnd);
            for (int start = 0; start < order.length; start += batch) {
                int end = Math.min(order.length, start + batch);
                Arrays.fill(grad, 0);
                for (int bi = start; bi < end; bi++) {
                    float[] xi = x[order[bi]];
                    double[] dz = model.scores(xi);
                    softmaxInPlace(dz);
                    dz[y[order[bi]]] -= 1; // d(cross-entropy)/d(scores)
                    for (int c = 0; c < classes; c++) {
                        if (dz[c] == 0) {
                            continue;
                        }
                        int o = c * (d + 1);
                        grad[o + d] += dz[c];
                        for (int j = 0; j < d; j++) {
                            grad[o + j] += dz[c] * xi[j];
                        }
                    }
                }
                adam.step(w, grad, 1.0 / (end - start), lr, decay, decayed);
            }
        }
        return model;
    }

    /** The mean cross-entropy plus {@code l2} * ||W||^2 at {@code w}; writes its gradient into {@code grad}. */
    static double lossAndGradient(double[] w, double[][] x, int[] y, int classes, int dim, double l2, double[] grad) {
        Arrays.fill(grad, 0.0);
        double loss = 0;
        int n = x.length;
        SoftmaxRegression at = new SoftmaxRegression(classes, dim, w);
        for (int i = 0; i < n; i++) {
            double[] z = at.scores(x[i]);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
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

    /** W x + b, the bias first in each sum. */
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

    /** As {@link #scores(double[])}: a float widens to the same double either way. */
    public double[] scores(float[] x) {
        double[] wide = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            wide[j] = x[j];
        }
        return scores(wide);
    }

    public double[] probabilities(double[] x) {
        double[] z = scores(x);
        softmaxInPlace(z);
        return z;
    }

    /** The arg-max class of the scores; ties go to the lowest index. */
    public int predict(double[] x) {
        return argmax(scores(x));
    }

    public int predict(float[] x) {
        return argmax(scores(x));
    }

    /** Index of the largest value; the lowest index wins ties. */
    public static int argmax(double[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c] > v[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Replaces scores by their softmax, shifted by the maximum so that exp cannot overflow. */
    public static void softmaxInPlace(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            max = Math.max(max, d);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= sum;
        }
    }
}
