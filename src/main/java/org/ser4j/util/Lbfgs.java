package org.ser4j.util;

/**
 * Limited-memory BFGS (Nocedal and Wright, Algorithm 7.4: two-loop recursion) with a backtracking Armijo line
 * search. Deterministic: no randomness, fixed iteration order.
 */
public final class Lbfgs {
    /** A smooth objective: returns f(x) and writes the gradient into {@code grad}. */
    @FunctionalInterface
    public interface Objective {
        double valueAndGradient(double[] x, double[] grad);
    }

    private Lbfgs() {}

    public static double[] minimise(Objective f, double[] x0, int memory, int maxIterations, double gradTolerance) {
        int n = x0.length;
        double[] x = x0.clone();
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        double[][] s = new double[memory][];
        double[][] y = new double[memory][];
        double[] rho = new double[memory];
        int stored = 0;
        int head = 0;
        double[] alpha = new double[memory];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        for (int iter = 0; iter < maxIterations; iter++) {
            if (norm(g) < gradTolerance) {
                break;
            }
            double[] d = g.clone();
            for (int i = 0; i < stored; i++) {
                int k = Math.floorMod(head - 1 - i, memory);
                alpha[k] = rho[k] * dot(s[k], d);
                axpy(-alpha[k], y[k], d);
            }
            if (stored > 0) {
                int k = Math.floorMod(head - 1, memory);
                double gamma = dot(s[k], y[k]) / dot(y[k], y[k]);
                scale(d, gamma);
            } else {
                scale(d, 1.0 / Math.max(1.0, norm(g)));
            }
            for (int i = stored - 1; i >= 0; i--) {
                int k = Math.floorMod(head - 1 - i, memory);
                double beta = rho[k] * dot(y[k], d);
                axpy(alpha[k] - beta, s[k], d);
            }
            scale(d, -1);
            double slope = dot(g, d);
            if (slope >= 0) {
                d = g.clone();
                scale(d, -1);
                slope = dot(g, d);
                stored = 0;
            }
            double step = 1.0;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 40; ls++) {
                for (int j = 0; j < n; j++) {
                    xNew[j] = x[j] + step * d[j];
                }
                fNew = f.valueAndGradient(xNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                break;
            }
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int j = 0; j < n; j++) {
                sk[j] = xNew[j] - x[j];
                yk[j] = gNew[j] - g[j];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12) {
                s[head] = sk;
                y[head] = yk;
                rho[head] = 1.0 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            double improvement = fx - fNew;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (improvement < 1e-10 * Math.max(1.0, Math.abs(fx))) {
                break;
            }
        }
        return x;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double[] x, double a) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }
}
