package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamWTest {
    /** Three AdamW steps against a hand-written double-precision reference of torch.optim.AdamW's update. */
    @Test
    void matchesHandComputedReference() {
        double lr = 0.01;
        double wd = 0.1;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] w = {0.5, -1.0, 2.0};
        double[] bias = {0.25};
        double[][] gw = {{0.1, -0.2, 0.3}, {-0.05, 0.4, 0.0}, {0.2, 0.2, -0.6}};
        double[][] gb = {{1.0}, {-0.5}, {0.25}};
        double[] mw = new double[3];
        double[] vw = new double[3];
        double[] mb = new double[1];
        double[] vb = new double[1];

        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("w", Nd4j.createFromArray(w).reshape(1, 3));
        params.put("b", Nd4j.createFromArray(bias));
        AdamW adam = new AdamW(b1, b2, eps);
        for (int t = 1; t <= 3; t++) {
            Map<String, INDArray> grads = new LinkedHashMap<>();
            grads.put("w", Nd4j.createFromArray(gw[t - 1]).reshape(1, 3));
            grads.put("b", Nd4j.createFromArray(gb[t - 1]));
            adam.step(params, grads, n -> lr, wd, n -> n.equals("w"));
            reference(w, gw[t - 1], mw, vw, t, lr, wd, b1, b2, eps);
            reference(bias, gb[t - 1], mb, vb, t, lr, 0.0, b1, b2, eps);
        }
        double[] got = params.get("w").toDoubleVector();
        for (int i = 0; i < 3; i++) {
            assertEquals(w[i], got[i], 1e-12, "w[" + i + "]");
        }
        assertEquals(bias[0], params.get("b").getDouble(0), 1e-12);
        assertEquals(3, adam.stepCount());

        // state round trip: a restored optimizer makes the same next step
        AdamW copy = new AdamW(b1, b2, eps);
        copy.restore(adam.state(), adam.stepCount());
        Map<String, INDArray> p2 = new LinkedHashMap<>();
        params.forEach((k, v) -> p2.put(k, v.dup()));
        Map<String, INDArray> g = Map.of("w", Nd4j.createFromArray(0.3, 0.1, -0.1).reshape(1, 3),
                "b", Nd4j.createFromArray(0.7));
        Map<String, INDArray> gCopy = new LinkedHashMap<>();
        g.forEach((k, v) -> gCopy.put(k, v.dup()));
        adam.step(params, g, n -> lr, wd, n -> n.equals("w"));
        copy.step(p2, gCopy, n -> lr, wd, n -> n.equals("w"));
        assertEquals(params.get("w"), p2.get("w"));
        assertEquals(params.get("b"), p2.get("b"));
    }

    /**
     * float32 tensors (the fused libnd4j kernel then works in float) over many steps and gradient scales from 1e-6
     * to 10, against the same double-precision reference: the tolerance is float rounding, not a formula difference.
     */
    @Test
    void floatTensorsFollowTheReferenceOverManySteps() {
        double lr = 1e-3;
        double wd = 0.01;
        int n = 64;
        java.util.Random rng = new java.util.Random(5);
        double[] p = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = rng.nextGaussian();
        }
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("w", Nd4j.createFromArray(p).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        AdamW adam = AdamW.defaults();
        for (int t = 1; t <= 50; t++) {
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = rng.nextGaussian() * Math.pow(10, -6 + 7 * (i % 8) / 7.0);
            }
            INDArray gArr = Nd4j.createFromArray(g).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
            // the reference sees the float-rounded gradient the kernel sees
            double[] gf = gArr.toDoubleVector();
            adam.step(params, Map.of("w", gArr), k -> lr, wd, k -> true);
            // the parameter is a float tensor, as in PyTorch: the decay factor and the stored value are rounded
            // to float (the rounding of 1 - lr wd alone is ~6e-3 of the decay)
            float decay = (float) (1 - lr * wd);
            for (int i = 0; i < n; i++) {
                p[i] = (float) (p[i] * decay);
            }
            reference(p, gf, m, v, t, lr, 0.0, 0.9, 0.999, 1e-8);
            for (int i = 0; i < n; i++) {
                p[i] = (float) p[i];
            }
        }
        double[] got = params.get("w").toDoubleVector();
        for (int i = 0; i < n; i++) {
            assertEquals(p[i], got[i], 5e-7 * Math.max(1.0, Math.abs(p[i])), "w[" + i + "]");
        }
        assertTrue(gradientsAreConsumed(), "the gradient arrays are closed after the step");
    }

    /** An 'f'-ordered parameter and a view gradient take the copy path and end where the flat ones do. */
    @Test
    void nonContiguousArraysGiveTheSameUpdate() {
        INDArray flat = Nd4j.createFromArray(new float[][] {{1f, -2f, 3f}, {0.5f, 4f, -1f}});
        INDArray fOrder = flat.dup('f');
        INDArray gBig = Nd4j.createFromArray(new float[][] {{0.1f, 9f, 0.2f, 9f, -0.3f, 9f}, {0.4f, 9f, -0.5f, 9f, 0.6f, 9f}});
        INDArray gView = gBig.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 6));
        AdamW a = AdamW.defaults();
        AdamW b = AdamW.defaults();
        for (int t = 0; t < 3; t++) {
            a.step(Map.of("w", flat), Map.of("w", gView.dup('c')), k -> 0.01, 0.1, k -> true);
            b.step(Map.of("w", fOrder), Map.of("w", gView), k -> 0.01, 0.1, k -> true);
        }
        assertEquals(flat, fOrder.dup('c'));
        assertEquals(9f, gBig.getFloat(0, 1), 0f, "the view's parent is left alone");
    }

    /** Restored state that does not fit the parameter (a checkpoint of another model) is refused by name. */
    @Test
    void stateOfTheWrongShapeIsRefusedByName() {
        AdamW adam = AdamW.defaults();
        adam.restore(Map.of("enc.w.exp_avg", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3),
                "enc.w.exp_avg_sq", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3)), 1);
        Map<String, INDArray> params = Map.of("enc.w", Nd4j.createFromArray(1f, 2f, 3f, 4f));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> adam.step(params, Map.of("enc.w", Nd4j.createFromArray(0.1f, 0.1f, 0.1f, 0.1f)), k -> 0.1, 0.0,
                        k -> false));
        assertTrue(e.getMessage().contains("enc.w") && e.getMessage().contains("[3]"), e.getMessage());
        assertEquals(1f, params.get("enc.w").getFloat(0), 0f, "the parameter is left alone");
    }

    private static boolean gradientsAreConsumed() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("w", Nd4j.createFromArray(1f, 2f));
        INDArray g = Nd4j.createFromArray(0.5f, -0.5f);
        AdamW.defaults().step(params, Map.of("w", g), k -> 0.1, 0.0, k -> false);
        return g.wasClosed();
    }

    private static void reference(double[] p, double[] g, double[] m, double[] v, int t, double lr, double wd,
                                  double b1, double b2, double eps) {
        for (int i = 0; i < p.length; i++) {
            p[i] -= lr * wd * p[i];
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double mhat = m[i] / (1 - Math.pow(b1, t));
            double vhat = v[i] / (1 - Math.pow(b2, t));
            p[i] -= lr * mhat / (Math.sqrt(vhat) + eps);
        }
    }

    @Test
    void scheduleWarmsUpThenDecaysLinearly() {
        LearningRateSchedule s = new LearningRateSchedule(4, 10);
        assertEquals(0.2, s.factor(0), 1e-12);
        assertEquals(0.8, s.factor(3), 1e-12);
        assertEquals(1.0, s.factor(4), 1e-12);
        assertEquals(0.5, s.factor(7), 1e-12);
        assertEquals(1.0 / 6, s.factor(9), 1e-12);
        assertEquals(1.0, new LearningRateSchedule(0, 5).factor(0), 1e-12);
    }

    @Test
    void clippingScalesToTheGlobalNorm() {
        Map<String, INDArray> g = new LinkedHashMap<>();
        g.put("a", Nd4j.createFromArray(3.0, 0.0));
        g.put("b", Nd4j.createFromArray(4.0));
        assertEquals(5.0, FoldTrainer.clip(g, 1.0), 1e-12);
        assertEquals(0.6, g.get("a").getDouble(0), 1e-6);
        assertEquals(0.8, g.get("b").getDouble(0), 1e-6);
    }
}
