package org.ser4j.train;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;

/**
 * AdamW (Loshchilov &amp; Hutter) with bias correction, the same update as PyTorch's {@code torch.optim.AdamW}:
 * <pre>
 *   p &lt;- p (1 - lr wd)                      (decoupled decay, skipped for tensors with decay = false)
 *   m &lt;- b1 m + (1 - b1) g ;  v &lt;- b2 v + (1 - b2) g^2
 *   p &lt;- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * WHY our own: ND4J 1.0.0-M2.1 has no AdamW, and its updaters' state cannot be saved per variable outside FlatBuffers
 * (samediff-notes §3). The state (m, v per variable and the step count t) is exposed for checkpointing.
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
     * @param grads       name -> gradient; consumed: each array is overwritten by its parameter's update and then
     *                    closed (its off-heap memory freed), so callers must not use it afterwards
     * @param lr          name -> learning rate of this step
     * @param weightDecay decoupled decay coefficient
     * @param decays      whether a parameter takes weight decay
     */
    public void step(Map<String, INDArray> params, Map<String, INDArray> grads, java.util.function.ToDoubleFunction<String> lr,
                     double weightDecay, java.util.function.Predicate<String> decays) {
        t++;
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
            if (weightDecay > 0 && decays.test(name)) {
                p.muli(1.0 - rate * weightDecay);
            }
            // One fused pass per tensor (libnd4j's adam_updater, in place: the gradient becomes the update, m and v
            // are updated where they are) instead of eleven separate ND4J ops with three 1.26 GB temporaries for
            // hubert-large: the optimizer took ~4 s of a 1 x 4 s step that way, most of it memory traffic.
            // libnd4j computes  g <- lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps'),  which is PyTorch's
            //  lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)  exactly when eps' = eps sqrt(1 - b2^t).
            // Its iteration argument counts from 0 (it raises the betas to iteration + 1).
            Nd4j.exec(new AdamUpdater(g, vi, mi, rate, beta1, beta2, eps * bc2Sqrt, (int) (t - 1)));
            p.subi(g);
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
