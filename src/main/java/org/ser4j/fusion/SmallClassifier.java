package org.ser4j.fusion;

import java.util.SplittableRandom;

/**
 * A plain-Java classifier for intermediate concatenation: softmax regression (no hidden layer) or a one-hidden-layer
 * ReLU MLP, trained with Adam on mini-batches of standardised features and cross-entropy with L2 weight decay.
 * Deterministic for a seed. Small on purpose: the paper's point is the features, not the classifier.
 */
final class SmallClassifier {
    private final int in;
    private final int hidden;
    private final int out;
    /** Layer 1: [hidden or out][in] + bias; layer 2 (MLP only): [out][hidden] + bias. */
    private final double[] w1;
    private final double[] b1;
    private final double[] w2;
    private final double[] b2;

    SmallClassifier(int in, int hidden, int out, long seed) {
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        SplittableRandom rnd = new SplittableRandom(seed);
        int h = hidden > 0 ? hidden : out;
        w1 = new double[h * in];
        b1 = new double[h];
        double s1 = Math.sqrt(2.0 / in);
        for (int i = 0; i < w1.length; i++) {
            w1[i] = hidden > 0 ? s1 * Gaussian.next(rnd) : 0;
        }
        w2 = hidden > 0 ? new double[out * hidden] : new double[0];
        b2 = new double[hidden > 0 ? out : 0];
        double s2 = hidden > 0 ? Math.sqrt(1.0 / hidden) : 0;
        for (int i = 0; i < w2.length; i++) {
            w2[i] = s2 * Gaussian.next(rnd);
        }
    }

    /** Trains on rows x[n][in] with labels y; {@code epochs} passes over shuffled mini-batches. */
    void train(float[][] x, int[] y, int epochs, int batch, double lr, double decay, long seed) {
        Adam a1 = new Adam(w1.length);
        Adam ab1 = new Adam(b1.length);
        Adam a2 = new Adam(w2.length);
        Adam ab2 = new Adam(b2.length);
        double[] gw1 = new double[w1.length];
        double[] gb1 = new double[b1.length];
        double[] gw2 = new double[w2.length];
        double[] gb2 = new double[b2.length];
        int h = hidden > 0 ? hidden : out;
        double[] act = new double[h];
        double[] logits = new double[out];
        double[] dAct = new double[h];
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int e = 0; e < epochs; e++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int start = 0; start < order.length; start += batch) {
                int end = Math.min(order.length, start + batch);
                java.util.Arrays.fill(gw1, 0);
                java.util.Arrays.fill(gb1, 0);
                java.util.Arrays.fill(gw2, 0);
                java.util.Arrays.fill(gb2, 0);
                for (int bi = start; bi < end; bi++) {
                    float[] xi = x[order[bi]];
                    forward(xi, act, logits);
                    softmaxInPlace(logits);
                    logits[y[order[bi]]] -= 1; // dL/dlogits
                    if (hidden > 0) {
                        java.util.Arrays.fill(dAct, 0);
                        for (int o = 0; o < out; o++) {
                            gb2[o] += logits[o];
                            for (int k = 0; k < hidden; k++) {
                                gw2[o * hidden + k] += logits[o] * act[k];
                                dAct[k] += logits[o] * w2[o * hidden + k];
                            }
                        }
                        for (int k = 0; k < hidden; k++) {
                            if (act[k] <= 0) {
                                dAct[k] = 0;
                            }
                        }
                    } else {
                        System.arraycopy(logits, 0, dAct, 0, out);
                    }
                    for (int k = 0; k < h; k++) {
                        double d = dAct[k];
                        if (d == 0) {
                            continue;
                        }
                        gb1[k] += d;
                        int off = k * in;
                        for (int f = 0; f < in; f++) {
                            gw1[off + f] += d * xi[f];
                        }
                    }
                }
                double scale = 1.0 / (end - start);
                a1.step(w1, gw1, scale, lr, decay);
                ab1.step(b1, gb1, scale, lr, 0);
                a2.step(w2, gw2, scale, lr, decay);
                ab2.step(b2, gb2, scale, lr, 0);
            }
        }
    }

    int predict(float[] x) {
        double[] act = new double[hidden > 0 ? hidden : out];
        double[] logits = new double[out];
        forward(x, act, logits);
        int best = 0;
        for (int o = 1; o < out; o++) {
            if (logits[o] > logits[best]) {
                best = o;
            }
        }
        return best;
    }

    private void forward(float[] x, double[] act, double[] logits) {
        int h = hidden > 0 ? hidden : out;
        for (int k = 0; k < h; k++) {
            double s = b1[k];
            int off = k * in;
            for (int f = 0; f < in; f++) {
                s += w1[off + f] * x[f];
            }
            act[k] = hidden > 0 ? Math.max(0, s) : s;
        }
        if (hidden > 0) {
            for (int o = 0; o < out; o++) {
                double s = b2[o];
                for (int k = 0; k < hidden; k++) {
                    s += w2[o * hidden + k] * act[k];
                }
                logits[o] = s;
            }
        } else {
            System.arraycopy(act, 0, logits, 0, out);
        }
    }

    private static void softmaxInPlace(double[] v) {
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

    /** Adam state for one parameter array (decoupled weight decay). */
    private static final class Adam {
        final double[] m;
        final double[] v;
        int t;

        Adam(int n) {
            m = new double[n];
            v = new double[n];
        }

        void step(double[] w, double[] g, double scale, double lr, double decay) {
            t++;
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < w.length; i++) {
                double gi = g[i] * scale;
                m[i] = 0.9 * m[i] + 0.1 * gi;
                v[i] = 0.999 * v[i] + 0.001 * gi * gi;
                w[i] -= lr * ((m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8) + decay * w[i]);
            }
        }
    }
}
