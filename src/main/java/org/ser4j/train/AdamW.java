package org.ser4j.train;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * AdamW (Loshchilov &amp; Hutter) with bias correction, the same update as PyTorch's {@code torch.optim.AdamW}:
 * <pre>
 *   p &lt;- p (1 - lr wd)                      (decoupled decay, skipped for tensors with decay = false)
 *   m &lt;- b1 m + (1 - b1) g ;  v &lt;- b2 v + (1 - b2) g^2
 *   p &lt;- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * WHY our own: ND4J 1.0.0-M2.1 has no AdamW, and its updaters' state cannot be saved per variable outside FlatBuffers
 * files. The state (m, v per variable and the step count t) is exposed for checkpointing. Each tensor
 * is updated in one vectorised pass ({@link AdamWKernel}).
 */
public final class AdamW {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final Map<String, INDArray> m = new LinkedHashMap<>();
    private final Map<String, INDArray> v = new LinkedHashMap<>();
    private long t;

    public AdamW(double beta1, double beta2, double eps) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** PyTorch defaults (0.9, 0.999, 1e-8). */
    public static AdamW defaults() {
        return new AdamW(0.9, 0.999, 1e-8);
    }

    /** Number of updates made so far. */
    public long stepCount() {
        return t;
    }

    /**
     * One update of every parameter that has a gradient.
     *
     * @param params      name -> parameter array (updated in place)
     * @param grads       name -> gradient; consumed: each array is closed after its update (its off-heap memory
     *                    freed), so callers must not use it afterwards
     * @param lr          name -> learning rate of this step
     * @param weightDecay decoupled decay coefficient
     * @param decays      whether a parameter takes weight decay
     */
    public void step(Map<String, INDArray> params, Map<String, INDArray> grads, java.util.function.ToDoubleFunction<String> lr,
                     double weightDecay, java.util.function.Predicate<String> decays) {
        t++;
        double bc1 = 1.0 - Math.pow(beta1, t);
        double bc2Sqrt = Math.sqrt(1.0 - Math.pow(beta2, t));
        for (Map.Entry<String, INDArray> e : grads.entrySet()) {
            String name = e.getKey();
            INDArray p = params.get(name);
            if (p == null) {
                throw new IllegalArgumentException("gradient for unknown parameter " + name);
            }
            INDArray g = e.getValue();
            double rate = lr.applyAsDouble(name);
            INDArray mi = m.computeIfAbsent(name, k -> Nd4j.zeros(p.dataType(), p.shape()));
            INDArray vi = v.computeIfAbsent(name, k -> Nd4j.zeros(p.dataType(), p.shape()));
            double decay = weightDecay > 0 && decays.test(name) ? 1.0 - rate * weightDecay : 1.0;
            if (!g.equalShapes(p) || g.dataType() != p.dataType()) {
                throw new IllegalArgumentException("gradient of " + name + " has shape " + java.util.Arrays.toString(
                        g.shape()) + " " + g.dataType() + ", the parameter " + java.util.Arrays.toString(p.shape())
                        + " " + p.dataType());
            }
            if (!mi.equalShapes(p) || !vi.equalShapes(p) || mi.dataType() != p.dataType()
                    || vi.dataType() != p.dataType()) {
                throw new IllegalArgumentException("optimizer state of " + name + " has shapes " + java.util.Arrays
                        .toString(mi.shape()) + "/" + java.util.Arrays.toString(vi.shape()) + " " + mi.dataType()
                        + ", the parameter " + java.util.Arrays.toString(p.shape()) + " " + p.dataType()
                        + " (a checkpoint of another model?)");
            }
            INDArray gFlat = AdamWKernel.flat(g) ? g : g.dup('c');
            if (AdamWKernel.flat(p)) {
                AdamWKernel.update(p, gFlat, mi, vi, decay, beta1, beta2, rate / bc1, bc2Sqrt, eps);
            } else { // a view or 'f'-ordered parameter: update a flat copy and write it back
                INDArray copy = p.dup('c');
                AdamWKernel.update(copy, gFlat, mi, vi, decay, beta1, beta2, rate / bc1, bc2Sqrt, eps);
                p.assign(copy);
                copy.close();
            }
            if (gFlat != g) {
                gFlat.close();
            }
            // Freed now rather than when the GC finalises it: for hubert-large the gradients are 1.26 GB a step,
            // and off-heap memory left to the GC made the process run into JavaCPP's physical-bytes limit, where
            // every allocation triggers a GC and a malloc_trim (and the trimmed pages fault back in).
            if (g.closeable()) {
                g.close();
            }
        }
    }

    /** The state as named arrays: {@code <param>.exp_avg}, {@code <param>.exp_avg_sq} (PyTorch's names). */
    public Map<String, INDArray> state() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String k : m.keySet()) {
            out.put(k + ".exp_avg", m.get(k));
            out.put(k + ".exp_avg_sq", v.get(k));
        }
        return out;
    }

    /** Restores {@link #state()} and the step count. */
    public void restore(Map<String, INDArray> state, long stepCount) {
        m.clear();
        v.clear();
        for (Map.Entry<String, INDArray> e : state.entrySet()) {
            String k = e.getKey();
            if (k.endsWith(".exp_avg")) {
                m.put(k.substring(0, k.length() - ".exp_avg".length()), e.getValue().dup());
            } else if (k.endsWith(".exp_avg_sq")) {
                v.put(k.substring(0, k.length() - ".exp_avg_sq".length()), e.getValue().dup());
            } else {
                throw new IllegalArgumentException("optimizer state has an unexpected tensor " + k);
            }
        }
        if (!m.keySet().equals(v.keySet())) {
            throw new IllegalArgumentException("optimizer state: exp_avg and exp_avg_sq cover different parameters");
        }
        t = stepCount;
    }
}
