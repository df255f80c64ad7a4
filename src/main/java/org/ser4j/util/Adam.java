package org.ser4j.util;

/**
 * Adam state for one plain-Java parameter array, with decoupled weight decay given per element (0 leaves an
 * element, such as a bias, undecayed).
 */
public final class Adam {
    private final double[] m;
    private final double[] v;
    private int t;

    public Adam(int n) {
        m = new double[n];
        v = new double[n];
    }

    /** One step on {@code w} with the gradient {@code g * scale}. */
    public void step(double[] w, double[] g, double scale, double lr, double decay) {
        t++;
        double c1 = 1 - Math.pow(0.9, t);
        double c2 = 1 - Math.pow(0.999, t);
        for (int i = 0; i < w.length; i++) {
            update(w, g, i, scale, lr, decay, c1, c2);
        }
    }

    /** As {@link #step}, with {@code decay} for the elements where {@code decayed} is true and 0 elsewhere. */
    public void step(double[] w, double[] g, double scale, double lr, double decay, boolean[] decayed) {
        t++;
        double c1 = 1 - Math.pow(0.9, t);
        double c2 = 1 - Math.pow(0.999, t);
        for (int i = 0; i < w.length; i++) {
            update(w, g, i, scale, lr, decayed[i] ? decay : 0, c1, c2);
        }
    }

    private void update(double[] w, double[] g, int i, double scale, double lr, double decay, double c1, double c2) {
        double gi = g[i] * scale;
        m[i] = 0.9 * m[i] + 0.1 * gi;
        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
        w[i] -= lr * ((m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8) + decay * w[i]);
    }
}
