package org.ser4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The faster forms used by the HuBERT graph against the forms they replaced (and a direct double-precision
 * convolution): channels-last im2col+GEMM convolution vs SameDiff's channels-first conv1d (plain, strided, grouped,
 * padded), GELU through erfc vs the erf form, and the flat-rows attention / layer norm / linear vs the [B, T, H] ones.
 * Tolerances are float32 round-off of sums of up to a few hundred products (values of order 1-10).
 */
class FastLayerFormsTest {
    private static final double TOL = 2e-5;

    private static double maxAbsDiff(INDArray a, INDArray b) {
        assertArrayEquals(a.shape(), b.shape());
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    /** Direct PyTorch-semantics grouped conv1d in double: [B, C, T] channels-first. */
    private static double[][][] directConv(double[][][] x, double[][][] w, double[] bias, int stride, int groups,
                                           int padLeft, int padRight) {
        int b = x.length;
        int cin = x[0].length;
        int t = x[0][0].length;
        int cout = w.length;
        int inPer = w[0].length;
        int k = w[0][0].length;
        int tp = t + padLeft + padRight;
        int tout = (tp - k) / stride + 1;
        double[][][] y = new double[b][cout][tout];
        for (int n = 0; n < b; n++) {
            for (int o = 0; o < cout; o++) {
                int g = o / (cout / groups);
                for (int s = 0; s < tout; s++) {
                    double acc = bias == null ? 0 : bias[o];
                    for (int c = 0; c < inPer; c++) {
                        for (int j = 0; j < k; j++) {
                            int pos = s * stride + j - padLeft;
                            if (pos >= 0 && pos < t) {
                                acc += w[o][c][j] * x[n][g * inPer + c][pos];
                            }
                        }
                    }
                    y[n][o][s] = acc;
                }
            }
        }
        assertTrue(cin == inPer * groups);
        return y;
    }

    private static void checkConv(int batch, int cin, int cout, int t, int k, int stride, int groups, int padLeft,
                                  int padRight, boolean withBias) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, batch, cin, t);
        INDArray w = Nd4j.randn(DataType.FLOAT, cout, cin / groups, k).muli(0.3);
        INDArray b = Nd4j.randn(DataType.FLOAT, cout);
        SameDiff sd = SameDiff.create();
        SDVariable xcf = sd.placeHolder("xcf", DataType.FLOAT, -1, cin, -1);
        SDVariable xcl = sd.placeHolder("xcl", DataType.FLOAT, -1, -1, cin);
        SDVariable wv = sd.var("w", w);
        SDVariable bv = withBias ? sd.var("b", b) : null;
        SDVariable old = GroupedConv1d.apply(xcf, wv, bv, k, stride, groups, padLeft, padRight);
        SDVariable nu = GroupedConv1d.applyChannelsLast(xcl, wv, bv, k, stride, groups, padLeft, padRight);
        Map<String, INDArray> out = sd.output(Map.of("xcf", x, "xcl", x.permute(0, 2, 1).dup('c')), old.name(),
                nu.name());
        INDArray gotCl = out.get(nu.name()).permute(0, 2, 1);
        double[][][] ref = directConv(to3(x), to3(w), withBias ? b.toDoubleVector() : null, stride, groups, padLeft,
                padRight);
        INDArray refArr = Nd4j.create(ref);
        String what = "conv k=" + k + " s=" + stride + " g=" + groups + " pad=" + padLeft + "/" + padRight;
        assertTrue(maxAbsDiff(gotCl, refArr) <= TOL * 10, what + " channels-last vs direct "
                + maxAbsDiff(gotCl, refArr));
        assertTrue(maxAbsDiff(gotCl, out.get(old.name())) <= TOL * 10, what + " channels-last vs channels-first "
                + maxAbsDiff(gotCl, out.get(old.name())));
    }

    private static double[][][] to3(INDArray a) {
        long[] s = a.shape();
        double[][][] r = new double[(int) s[0]][(int) s[1]][(int) s[2]];
        for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
                for (int k = 0; k < s[2]; k++) {
                    r[i][j][k] = a.getDouble(i, j, k);
                }
            }
        }
        return r;
    }

    @Test
    void channelsLastConvolutionMatchesConv1dAndADirectSum() {
        checkConv(2, 1, 8, 103, 10, 5, 1, 0, 0, true);   // HuBERT conv block 0 (in = 1, k 10, stride 5)
        checkConv(2, 6, 7, 41, 3, 2, 1, 0, 0, false);    // blocks 1-4, odd length (last window ends at the end)
        checkConv(1, 6, 7, 40, 3, 2, 1, 0, 0, true);     // even length
        checkConv(2, 6, 6, 21, 2, 2, 1, 0, 0, false);    // blocks 5-6
        checkConv(2, 8, 8, 17, 4, 1, 4, 2, 1, true);     // positional conv: groups, even kernel, asymmetric padding
        checkConv(1, 6, 6, 9, 5, 1, 2, 2, 2, true);      // odd kernel, symmetric padding
    }

    @Test
    void geluThroughErfcMatchesTheErfFormAndTheDefinition() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1);
        SDVariable fast = ExactGelu.apply(x);
        SDVariable textbook = ExactGelu.applyWithErf(x);
        INDArray in = Nd4j.linspace(-12, 12, 4801, DataType.FLOAT);
        Map<String, INDArray> out = sd.output(Map.of("x", in), fast.name(), textbook.name());
        assertTrue(maxAbsDiff(out.get(fast.name()), out.get(textbook.name())) <= 1e-6);
        // hand values: GELU(1) = 0.8413447461, GELU(-1) = -0.1586552539, GELU(-3) = -0.0040496965
        INDArray hand = sd.output(Map.of("x", Nd4j.createFromArray(1f, -1f, -3f, 0f)), fast.name()).get(fast.name());
        assertTrue(maxAbsDiff(hand, Nd4j.createFromArray(0.8413447461f, -0.1586552539f, -0.0040496965f, 0f)) <= 1e-6);
    }

    @Test
    void flatRowsAttentionLayerNormAndLinearMatchTheFrameForms() {
        int b = 2;
        int t = 7;
        int h = 8;
        int heads = 2;
        Nd4j.getRandom().setSeed(5);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, -1, h);
        SDVariable[] p = new SDVariable[8];
        for (int i = 0; i < 8; i++) {
            p[i] = sd.var("p" + i, i % 2 == 0 ? Nd4j.randn(DataType.FLOAT, h, h).muli(0.4)
                    : Nd4j.randn(DataType.FLOAT, h).muli(0.1));
        }
        MultiHeadSelfAttention.Weights w = new MultiHeadSelfAttention.Weights(p[0], p[1], p[2], p[3], p[4], p[5], p[6],
                p[7]);
        INDArray maskArr = Nd4j.zeros(DataType.FLOAT, b, 1, 1, t);
        maskArr.putScalar(new long[] {1, 0, 0, t - 1}, -1e9); // item 1's last frame is padding
        SDVariable keyMask = sd.constant(maskArr);
        SDVariable gain = sd.var("g", Nd4j.rand(DataType.FLOAT, h).addi(0.5));
        SDVariable bias = sd.var("bb", Nd4j.randn(DataType.FLOAT, h));

        MultiHeadSelfAttention.Result framed = MultiHeadSelfAttention.apply(x, w, heads, h, keyMask, null);
        SDVariable frameShape = DynamicShapes.leadingShape(x, 2, h);
        SDVariable rows = sd.reshape(x, -1, h);
        MultiHeadSelfAttention.Result flat = MultiHeadSelfAttention.applyRows(rows,
                DynamicShapes.leadingShape(x, 2, heads, h / heads), w, heads, h, keyMask, null);
        SDVariable flatOut = sd.reshape(flat.output(), frameShape);
        SDVariable lnFramed = LayerNorm.apply(x, gain, bias, 1e-5, 2);
        SDVariable lnFlat = sd.reshape(LayerNorm.applyRows(rows, gain, bias, 1e-5), frameShape);
        SDVariable linFramed = Linear.apply(x, p[0], p[1]);
        SDVariable linFlat = sd.reshape(Linear.applyRows(rows, p[0], p[1]), frameShape);

        INDArray in = Nd4j.randn(DataType.FLOAT, b, t, h).muli(2).addi(0.5);
        Map<String, INDArray> o = sd.output(Map.of("x", in), framed.output().name(), flatOut.name(),
                framed.probabilities().name(), flat.probabilities().name(), lnFramed.name(), lnFlat.name(),
                linFramed.name(), linFlat.name());
        assertTrue(maxAbsDiff(o.get(framed.output().name()), o.get(flatOut.name())) <= TOL);
        assertTrue(maxAbsDiff(o.get(framed.probabilities().name()), o.get(flat.probabilities().name())) <= TOL);
        assertTrue(o.get(flat.probabilities().name()).getDouble(1, 0, 0, t - 1) == 0.0, "padded key gets no weight");
        assertTrue(maxAbsDiff(o.get(lnFramed.name()), o.get(lnFlat.name())) <= TOL);
        assertTrue(maxAbsDiff(o.get(linFramed.name()), o.get(linFlat.name())) <= TOL);
    }
}
