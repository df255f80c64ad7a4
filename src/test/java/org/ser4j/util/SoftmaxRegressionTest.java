package org.ser4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {

    @Test
    void gradientMatchesFiniteDifferences() {
        Random r = new Random(11);
        int n = 30;
        int dim = 4;
        int classes = 3;
        double[][] x = new double[n][dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = r.nextInt(classes);
        }
        double[] w = new double[classes * (dim + 1)];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.3 * r.nextGaussian();
        }
        double[] g = new double[w.length];
        SoftmaxRegression.lossAndGradient(w, x, y, classes, dim, 0.05, g);
        double h = 1e-6;
        for (int i = 0; i < w.length; i++) {
            double[] wp = w.clone();
            double[] wm = w.clone();
            wp[i] += h;
            wm[i] -= h;
            double[] scratch = new double[w.length];
            double fd = (SoftmaxRegression.lossAndGradient(wp, x, y, classes, dim, 0.05, scratch)
                    - SoftmaxRegression.lossAndGradient(wm, x, y, classes, dim, 0.05, scratch)) / (2 * h);
            assertEquals(fd, g[i], 1e-6, "parameter " + i);
        }
    }

    @Test
    void lossAtZeroWeightsIsLogOfClassCount() {
        double[][] x = {{1, 2}, {3, 4}};
        int[] y = {0, 2};
        double loss = SoftmaxRegression.lossAndGradient(new double[3 * 3], x, y, 3, 2, 0.1, new double[9]);
        assertEquals(Math.log(3), loss, 1e-12);
    }

    @Test
    void lbfgsFindsTheRosenbrockMinimum() {
        double[] x = Lbfgs.minimise((p, g) -> {
            double a = 1 - p[0];
            double b = p[1] - p[0] * p[0];
            g[0] = -2 * a - 400 * p[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        }, new double[] {-1.2, 1.0}, 8, 500, 1e-10);
        assertEquals(1.0, x[0], 1e-4);
        assertEquals(1.0, x[1], 1e-4);
    }

    @Test
    void separatesGaussianBlobsAndUarIsPerClassRecallMean() {
        Random r = new Random(2);
        int n = 300;
        double[][] x = new double[n][2];
        int[] y = new int[n];
        double[][] centres = {{0, 0}, {4, 0}, {0, 4}};
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[i][0] = centres[y[i]][0] + r.nextGaussian();
            x[i][1] = centres[y[i]][1] + r.nextGaussian();
        }
        SoftmaxRegression m = SoftmaxRegression.fit(x, y, 3, 1e-3, 200);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = m.predict(x[i]);
        }
        assertTrue(Recall.uar(y, p, 3) > 0.93, "UAR on well separated blobs");
        // Hand example: class 0 recall 1/2, class 1 recall 1/1 -> UAR 0.75 (accuracy would be 2/3).
        assertEquals(0.75, Recall.uar(new int[] {0, 0, 1}, new int[] {0, 1, 1}, 2), 1e-12);
    }

    /** The three fits of the one model separate the same blobs; Adam's shuffled batches repeat for a seed. */
    @Test
    void gradientDescentAndAdamFitsSeparateBlobsDeterministically() {
        Random r = new Random(11);
        int n = 240;
        double[][] x = new double[n][2];
        float[][] xf = new float[n][2];
        int[] y = new int[n];
        double[][] centres = {{-3, 0}, {3, 0}, {0, 3}};
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[i][0] = centres[y[i]][0] + r.nextGaussian();
            x[i][1] = centres[y[i]][1] + r.nextGaussian();
            xf[i][0] = (float) x[i][0];
            xf[i][1] = (float) x[i][1];
        }
        SoftmaxRegression gd = SoftmaxRegression.fitGradientDescent(x, y, 3, 200, 0.5, 1e-3);
        SoftmaxRegression adam = SoftmaxRegression.fitAdam(xf, y, 3, 30, 16, 1e-2, 1e-4, 9);
        SoftmaxRegression again = SoftmaxRegression.fitAdam(xf, y, 3, 30, 16, 1e-2, 1e-4, 9);
        int[] pg = new int[n];
        int[] pa = new int[n];
        for (int i = 0; i < n; i++) {
            pg[i] = gd.predict(x[i]);
            pa[i] = adam.predict(xf[i]);
            assertEquals(adam.scores(xf[i])[2], again.scores(xf[i])[2], 0.0);
            double[] p = gd.probabilities(x[i]);
            assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
        }
        assertTrue(Recall.uar(y, pg, 3) > 0.93, "gradient descent");
        assertTrue(Recall.uar(y, pa, 3) > 0.93, "Adam");
    }
}
