package org.ser4j.audio;

/**
 * In-place iterative radix-2 complex FFT on separate real/imaginary arrays. Plain Java so that feature extraction
 * has no native dependency and gives the same numbers on every machine.
 */
public final class Fft {
    private final int n;
    private final double[] cos;
    private final double[] sin;
    private final int[] bitReverse;

    public Fft(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= 2, got " + n);
        }
        this.n = n;
        cos = new double[n / 2];
        sin = new double[n / 2];
        for (int i = 0; i < n / 2; i++) {
            cos[i] = Math.cos(-2 * Math.PI * i / n);
            sin[i] = Math.sin(-2 * Math.PI * i / n);
        }
        bitReverse = new int[n];
        int bits = Integer.numberOfTrailingZeros(n);
        for (int i = 0; i < n; i++) {
            bitReverse[i] = Integer.reverse(i) >>> (32 - bits);
        }
    }

    public int size() {
        return n;
    }

    /** Forward transform X[k] = sum x[t] e^{-2 pi i k t / n}, in place. */
    public void transform(double[] re, double[] im) {
        for (int i = 0; i < n; i++) {
            int j = bitReverse[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int step = n / len;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sin[k * step];
                    int a = start + k;
                    int b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }

    /**
     * Power spectrum |X[k]|^2 for k = 0..n/2 of a real frame (zero-padded to n). {@code scratchRe}/{@code scratchIm}
     * are caller-owned buffers of length n so that per-frame loops allocate nothing.
     */
    public void powerSpectrum(double[] frame, int length, double[] out, double[] scratchRe, double[] scratchIm) {
        System.arraycopy(frame, 0, scratchRe, 0, length);
        java.util.Arrays.fill(scratchRe, length, n, 0.0);
        java.util.Arrays.fill(scratchIm, 0.0);
        transform(scratchRe, scratchIm);
        for (int k = 0; k <= n / 2; k++) {
            out[k] = scratchRe[k] * scratchRe[k] + scratchIm[k] * scratchIm[k];
        }
    }
}
