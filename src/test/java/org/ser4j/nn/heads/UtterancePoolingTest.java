package org.ser4j.nn.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Both poolings against values computed by hand in double precision on a padded batch: padding frames (filled with
 * large values) must not enter the mean or the standard deviation, and the gradient of the statistics pooling matches
 * central finite differences.
 */
class UtterancePoolingTest {
    // [2, 4, 3]: row 0 has 4 valid frames, row 1 has 2 (frames 2-3 are padding with values that would show)
    static final double[][][] H = {
            {{1, -2, 0.5}, {3, 0, 0.5}, {-1, 4, 0.5}, {5, 2, 0.5}},
            {{2, 1, -3}, {4, -1, 1}, {99, 99, 99}, {-99, 99, -99}}};
    static final double[][] MASK = {{1, 1, 1, 1}, {1, 1, 0, 0}};

    @Test
    void meanAndStdIgnorePaddingFrames() {
        int h = 3;
        INDArray out = pool(UtterancePooling.MEAN_STD, Nd4j.createFromArray(H), Nd4j.createFromArray(MASK));
        assertArrayEquals(new long[] {2, 2 * h}, out.shape());
        for (int b = 0; b < 2; b++) {
            int n = (int) java.util.Arrays.stream(MASK[b]).sum();
            for (int j = 0; j < h; j++) {
                double mean = 0;
                for (int t = 0; t < n; t++) {
                    mean += H[b][t][j];
                }
                mean /= n;
                double var = 0;
                for (int t = 0; t < n; t++) {
                    var += (H[b][t][j] - mean) * (H[b][t][j] - mean);
                }
                double std = Math.sqrt(var / n + MaskedStatisticsPooling.EPS);
                assertEquals(mean, out.getDouble(b, j), 1e-12, "mean b=" + b + " j=" + j);
                assertEquals(std, out.getDouble(b, h + j), 1e-12, "std b=" + b + " j=" + j);
            }
        }
        // a constant dimension (row 0, j = 2) has std sqrt(eps), not 0 or NaN
        assertEquals(Math.sqrt(MaskedStatisticsPooling.EPS), out.getDouble(0, 2 * h - 1), 1e-15);
        INDArray mean = pool(UtterancePooling.MEAN, Nd4j.createFromArray(H), Nd4j.createFromArray(MASK));
        assertEquals(out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, h)), mean);
    }

    @Test
    void statisticsPoolingGradientMatchesFiniteDifferences() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.createFromArray(H));
        SDVariable m = sd.constant("m", Nd4j.createFromArray(MASK));
        SDVariable w = sd.constant("w", Nd4j.createFromArray(new double[][] {
                {-1.0, 0.8, -0.6, 0.4, -0.2, 0.1}, {0.3, -0.5, 0.7, -0.9, 1.1, -1.3}}));
        SDVariable loss = MaskedStatisticsPooling.pool(x, m).mul(w).sum();
        sd.setLossVariables(loss);
        INDArray grad = sd.calculateGradients(Map.of(), "x").get("x");
        double eps = 1e-6;
        int checked = 0;
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 4; t++) {
                for (int j = 0; j < 3; j++) {
                    INDArray xv = sd.getVariable("x").getArr();
                    double v = xv.getDouble(b, t, j);
                    xv.putScalar(new int[] {b, t, j}, v + eps);
                    double up = loss.eval().getDouble(0);
                    xv.putScalar(new int[] {b, t, j}, v - eps);
                    double down = loss.eval().getDouble(0);
                    xv.putScalar(new int[] {b, t, j}, v);
                    double numeric = (up - down) / (2 * eps);
                    double analytic = grad.getDouble(b, t, j);
                    if (MASK[b][t] == 0) {
                        assertEquals(0.0, analytic, 1e-12, "padding frame gets no gradient");
                    } else {
                        assertEquals(numeric, analytic, 1e-6 + 1e-5 * Math.abs(numeric), "d/dx[" + b + "," + t + "," + j + "]");
                        checked += Math.abs(numeric) > 1e-3 ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(checked >= 12, "enough non-trivial entries checked: " + checked);
    }

    @Test
    void namesAndWidths() {
        assertEquals(UtterancePooling.MEAN, UtterancePooling.parse(null, "model.pooling"));
        assertEquals(UtterancePooling.MEAN_STD, UtterancePooling.parse("mean_std", "model.pooling"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UtterancePooling.parse("max", "model.pooling"));
        assertTrue(e.getMessage().contains("model.pooling"), e.getMessage());
        assertEquals(UtterancePooling.MEAN_STD, UtterancePooling.ofWidth(128, 64));
        assertEquals(UtterancePooling.MEAN, UtterancePooling.ofWidth(64, 64));
        assertNull(UtterancePooling.ofWidth(100, 64));
    }

    private static INDArray pool(UtterancePooling p, INDArray hidden, INDArray mask) {
        SameDiff sd = SameDiff.create();
        SDVariable out = p.pool(sd.constant("h", hidden), sd.constant("m", mask));
        return out.eval();
    }
}
