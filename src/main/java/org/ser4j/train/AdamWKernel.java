package org.ser4j.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One AdamW update of one tensor in a single pass over memory, in PyTorch's order of operations:
 * <pre>
 *   p &lt;- p * decay ;  m &lt;- b1 m + (1 - b1) g ;  v &lt;- b2 v + (1 - b2) g^2 ;
 *   p &lt;- p - stepSize * m / (sqrt(v) / bc2Sqrt + eps)
 * </pre>
 * WHY in Java: the tensors are copied chunk by chunk (16 K elements, in L1/L2) into float arrays, where C2 compiles
 * the loop to AVX2. Measured on 50 M elements at one thread: 2.1 ns per element, against 7 ns for libnd4j's
 * {@code adam_updater} plus a subtract (its loop is not vectorised) and ~12 ns for the eleven separate ND4J ops the
 * optimizer used first. hubert-large has 315 M parameters, so this is 0.7 s of a training step instead of 2-4 s.
 *
 * <p>All four arrays must be contiguous, of the same length and data type (float or double); {@link AdamW} makes
 * them so.
 */
final class AdamWKernel {
    private static final int CHUNK = 16_384;

    private AdamWKernel() {}

    /** True when the arrays can be read as flat buffers in the same element order. */
    static boolean flat(INDArray a) {
        return !a.isView() && a.ordering() == 'c' && a.elementWiseStride() == 1 && a.offset() == 0;
    }

    static void update(INDArray p, INDArray g, INDArray m, INDArray v, double decay, double beta1, double beta2,
                       double stepSize, double bc2Sqrt, double eps) {
        if (p.dataType() == DataType.FLOAT) {
            // 1 - beta in double, then rounded, as PyTorch passes it (alpha/value = 1 - beta): 1f - 0.999f would be
            // 1.3e-5 off in relative terms
            updateFloat(p, g, m, v, (float) decay, (float) beta1, (float) (1 - beta1), (float) beta2,
                    (float) (1 - beta2), (float) stepSize, (float) bc2Sqrt, (float) eps);
        } else if (p.dataType() == DataType.DOUBLE) {
            updateDouble(p, g, m, v, decay, beta1, beta2, stepSize, bc2Sqrt, eps);
        } else {
            throw new IllegalArgumentException("AdamW supports float and double parameters, got " + p.dataType());
        }
    }

    private static void updateFloat(INDArray pArr, INDArray gArr, INDArray mArr, INDArray vArr, float decay,
                                    float b1, float c1, float b2, float c2, float stepSize, float bc2Sqrt, float eps) {
        FloatBuffer p = pArr.data().asNioFloat();
        FloatBuffer g = gArr.data().asNioFloat();
        FloatBuffer m = mArr.data().asNioFloat();
        FloatBuffer v = vArr.data().asNioFloat();
        float[] pc = new float[CHUNK];
        float[] gc = new float[CHUNK];
        float[] mc = new float[CHUNK];
        float[] vc = new float[CHUNK];
        long n = pArr.length();
        for (long start = 0; start < n; start += CHUNK) {
            int off = (int) start;
            int len = (int) Math.min(CHUNK, n - start);
            p.get(off, pc, 0, len);
            g.get(off, gc, 0, len);
            m.get(off, mc, 0, len);
            v.get(off, vc, 0, len);
            for (int i = 0; i < len; i++) {
                float gi = gc[i];
                float mi = b1 * mc[i] + c1 * gi;
                float vi = b2 * vc[i] + c2 * gi * gi;
                mc[i] = mi;
                vc[i] = vi;
                pc[i] = pc[i] * decay - stepSize * (mi / ((float) Math.sqrt(vi) / bc2Sqrt + eps));
            }
            p.put(off, pc, 0, len);
            m.put(off, mc, 0, len);
            v.put(off, vc, 0, len);
        }
    }

    private static void updateDouble(INDArray pArr, INDArray gArr, INDArray mArr, INDArray vArr, double decay,
                                     double b1, double b2, double stepSize, double bc2Sqrt, double eps) {
        DoubleBuffer p = pArr.data().asNioDouble();
        DoubleBuffer g = gArr.data().asNioDouble();
        DoubleBuffer m = mArr.data().asNioDouble();
        DoubleBuffer v = vArr.data().asNioDouble();
        long n = pArr.length();
        for (int i = 0; i < n; i++) {
            double gi = g.get(i);
            double mi = b1 * m.get(i) + (1 - b1) * gi;
            double vi = b2 * v.get(i) + (1 - b2) * gi * gi;
            m.put(i, mi);
            v.put(i, vi);
            p.put(i, p.get(i) * decay - stepSize * (mi / (Math.sqrt(vi) / bc2Sqrt + eps)));
        }
    }
}
