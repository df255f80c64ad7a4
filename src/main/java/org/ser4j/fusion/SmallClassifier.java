package org.ser4j.fusion;

import java.util.SplittableRandom;

import org.ser4j.util.Adam;
import org.ser4j.util.Shuffle;
import org.ser4j.util.SoftmaxRegression;

/**
 * A plain-Java one-hidden-layer ReLU MLP for intermediate concatenation (the softmax-regression alternative is
 * {@link SoftmaxRegression#fitAdam}), trained with Adam on mini-batches of standardised features and cross-entropy
 * with decoupled L2 weight decay. Deterministic for a seed. Small on purpose: the paper's point is the features,
 * not the classifier.
 */
final class SmallClassifier {
    private final int in;
    private final int hidden;
    private final int out;
    /** Layer 1: [hidden][in] + bias; layer 2: [out][hidden] + bias. */
    private final double[] w1;
    private final double[] b1;
    private final double[] w2;
    private final double[] b2;

    SmallClassifier(int in, int hidden, int out, long seed) {
        if (hidden <= 0) {
            throw new IllegalArgumentException("the MLP needs a hidden layer, got width " + hidden);
        }
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        SplittableRandom rnd = new SplittableRandom(seed);
        w1 = new double[hidden * in];
        b1 = new double[hidden];
        double s1 = Math.sqrt(2.0 / in);
        for (int i = 0; i < w1.length; i++) {
            w1[i] = s1 * Gaussian.next(rnd);
        }
        w2 = new double[out * hidden];
        b2 = new double[out];
        double s2 = Math.sqrt(1.0 / hidden);
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
        double[] act = new double[hidden];
        double[] logits = new double[out];
        double[] dAct = new double[hidden];
        int[] order = Shuffle.identity(x.length);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int e = 0; e < epochs; e++) {
            Shuffle.inPlace(order, rnd);
            for (int start = 0; start < order.length; start += batch) {
                int end = Math.min(order.length, start + batch);
                java.util.Arrays.fill(gw1, 0);
                java.util.Arrays.fill(gb1, 0);
                java.util.Arrays.fill(gw2, 0);
                java.util.Arrays.fill(gb2, 0);
                for (int bi = start; bi < end; bi++) {
                    float[] xi = x[order[bi]];
                    forward(xi, act, logits);
                    SoftmaxRegression.softmaxInPlace(logits);
                    logits[y[order[bi]]] -= 1; // dL/dlogits
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
                    for (int k = 0; k < hidden; k++) {
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
        double[] act = new double[hidden];
        double[] logits = new double[out];
        forward(x, act, logits);
        return SoftmaxRegression.argmax(logits);
    }

    private void forward(float[] x, double[] act, double[] logits) {
        for (int k = 0; k < hidden; k++) {
            double s = b1[k];
            int off = k * in;
            for (int f = 0; f < in; f++) {
                s += w1[off + f] * x[f];
            }
            act[k] = Math.max(0, s);
        }
        for (int o = 0; o < out; o++) {
            double s = b2[o];
            for (int k = 0; k < hidden; k++) {
                s += w2[o * hidden + k] * act[k];
            }
            logits[o] = s;
        }
    }
}
