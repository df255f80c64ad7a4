package org.ser4j.nn.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The batch-statistics standardisation against hand computations (double precision) and finite differences. */
class PooledStandardizationTest {
    private static final int B = 5;
    private static final int D = 3;

    /** Pooled-like rows: large common offset, small spread per dimension (as the tiny encoder's pooled output). */
    private static double[][] rows(long seed) {
        Random r = new Random(seed);
        double[][] x = new double[B][D];
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < D; j++) {
                x[i][j] = 0.8 - 0.1 * j + 0.01 * (j + 1) * r.nextGaussian();
            }
        }
        return x;
    }

    private static SameDiff graph(double[][] x, SDVariable[] out) {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.var("x", Nd4j.createFromArray(x).castTo(DataType.DOUBLE));
        SDVariable y = PooledStandardization.applyWithBatchStatistics(sd, in, D);
        sd.getVariable(PooledStandardization.MEAN).setArray(Nd4j.createFromArray(0.75, 0.7, 0.6));
        sd.getVariable(PooledStandardization.STD).setArray(Nd4j.createFromArray(0.02, 0.03, 0.05));
        out[0] = y;
        return sd;
    }

    @Test
    void weightSelectsRunningOrBatchStatistics() {
        double[][] x = rows(1);
        SDVariable[] y = new SDVariable[1];
        SameDiff sd = graph(x, y);
        assertTrue(PooledStandardization.hasBatchStatistics(sd));
        double[] mean = {0.75, 0.7, 0.6};
        double[] std = {0.02, 0.03, 0.05};
        INDArray running = y[0].eval();
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < D; j++) {
                assertEquals((x[i][j] - mean[j]) / std[j], running.getDouble(i, j), 1e-9, "built with running stats");
            }
        }
        PooledStandardization.useBatchStatistics(sd, true);
        INDArray batch = y[0].eval();
        double[][] expected = batchStandardized(x);
        for (int j = 0; j < D; j++) {
            for (int i = 0; i < B; i++) {
                assertEquals(expected[i][j], batch.getDouble(i, j), 1e-6);
            }
        }
        PooledStandardization.useBatchStatistics(sd, false);
        assertEquals(0.0, y[0].eval().sub(running).amaxNumber().doubleValue(), 0.0);
    }

    /**
     * The gradient flows through the batch mean and variance (BatchNorm's backward): SameDiff's gradient against
     * central differences of an independent double-precision implementation of the same loss.
     */
    @Test
    void batchBranchGradientMatchesFiniteDifferences() {
        double[][] x = rows(2);
        SDVariable[] y = new SDVariable[1];
        SameDiff sd = graph(x, y);
        double[][] c = rows(3); // weights of the scalar loss sum(c * y): not proportional to y, so gradients are non-zero
        SDVariable loss = y[0].mul(sd.constant("c", Nd4j.createFromArray(c).castTo(DataType.DOUBLE))).sum("loss");
        sd.setLossVariables(loss);
        PooledStandardization.useBatchStatistics(sd, true);
        assertEquals(referenceLoss(x, c), loss.eval().getDouble(0), 1e-6, "forward");
        INDArray grad = sd.calculateGradients(Map.of(), "x").get("x");
        double h = 1e-6;
        double maxAbs = 0;
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < D; j++) {
                double orig = x[i][j];
                x[i][j] = orig + h;
                double up = referenceLoss(x, c);
                x[i][j] = orig - h;
                double down = referenceLoss(x, c);
                x[i][j] = orig;
                double fd = (up - down) / (2 * h);
                maxAbs = Math.max(maxAbs, Math.abs(fd));
                assertEquals(fd, grad.getDouble(i, j), 1e-4 * Math.max(1.0, Math.abs(fd)), "d loss / d x[" + i + "," + j + "]");
            }
        }
        assertTrue(maxAbs > 1.0, "non-trivial gradients: " + maxAbs);
    }

    /** sum_ij c_ij (x_ij - mean_j) / sqrt(var_j + eps), batch mean and biased batch variance per column. */
    private static double referenceLoss(double[][] x, double[][] c) {
        double[][] z = batchStandardized(x);
        double total = 0;
        for (int j = 0; j < D; j++) {
            for (int i = 0; i < B; i++) {
                total += c[i][j] * z[i][j];
            }
        }
        return total;
    }

    /** (x_ij - mean_j) / sqrt(var_j + eps) in double precision, batch mean and biased batch variance per column. */
    private static double[][] batchStandardized(double[][] x) {
        double[][] z = new double[B][D];
        for (int j = 0; j < D; j++) {
            double m = 0;
            for (double[] r : x) {
                m += r[j] / B;
            }
            double v = 0;
            for (double[] r : x) {
                v += (r[j] - m) * (r[j] - m) / B;
            }
            for (int i = 0; i < B; i++) {
                z[i][j] = (x[i][j] - m) / Math.sqrt(v + PooledStandardization.BATCH_EPS);
            }
        }
        return z;
    }

    @Test
    void runningStatisticsFollowTheMomentumRule() {
        INDArray mean = Nd4j.createFromArray(1.0f, 2.0f);
        INDArray std = Nd4j.createFromArray(0.5f, 2.0f);
        float[][] batch = {{1f, 4f}, {3f, 4f}, {2f, 7f}};
        PooledStandardization.updateRunning(mean, std, batch, 0.1);
        // column 0: batch mean 2, unbiased var 1; column 1: mean 5, unbiased var 3
        assertEquals(0.9 * 1.0 + 0.1 * 2.0, mean.getDouble(0), 1e-6);
        assertEquals(0.9 * 2.0 + 0.1 * 5.0, mean.getDouble(1), 1e-6);
        assertEquals(Math.sqrt(0.9 * 0.25 + 0.1 * 1.0), std.getDouble(0), 1e-6);
        assertEquals(Math.sqrt(0.9 * 4.0 + 0.1 * 3.0), std.getDouble(1), 1e-6);
        assertThrows(IllegalArgumentException.class,
                () -> PooledStandardization.updateRunning(mean, std, new float[][] {{1f, 2f}}, 0.1));
    }
}
