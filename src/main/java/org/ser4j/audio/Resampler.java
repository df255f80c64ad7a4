package org.ser4j.audio;

/**
 * Band-limited sample-rate conversion by a Kaiser-windowed sinc in polyphase form.
 *
 * <p>The rate ratio is reduced to up/down factors L/M. Output sample n sits at input time n·M/L; its value is the
 * input convolved with a low-pass sinc whose cut-off is {@value #ROLLOFF} × the lower of the two Nyquist
 * frequencies (anti-aliasing when downsampling, anti-imaging when upsampling). The kernel spans
 * {@value #ZERO_CROSSINGS} zero crossings each side and is windowed by a Kaiser window (β = {@value #KAISER_BETA},
 * about 85 dB side-lobe attenuation). Each phase's taps are normalised to unit DC gain, so a constant stays
 * constant. Samples outside the input are taken as zero.
 */
public final class Resampler {
    static final double ROLLOFF = 0.94;
    static final int ZERO_CROSSINGS = 24;
    static final double KAISER_BETA = 8.6;
    /** Above this many table entries the kernel is evaluated on the fly instead of tabulated per phase. */
    private static final long MAX_TABLE = 1L << 22;

    private Resampler() {}

    /** Resamples {@code x} from {@code fromRate} to {@code toRate}; returns {@code x} itself when the rates agree. */
    public static float[] resample(float[] x, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + fromRate + " -> " + toRate);
        }
        if (fromRate == toRate || x.length == 0) {
            return x;
        }
        int g = gcd(fromRate, toRate);
        int up = toRate / g;
        int down = fromRate / g;
        int outLen = (int) ((x.length * (long) up + down - 1) / down);
        // Cut-off in cycles per input sample.
        double fc = 0.5 * Math.min(1.0, up / (double) down) * ROLLOFF;
        double halfWidth = ZERO_CROSSINGS / (2.0 * fc);
        int k = (int) Math.ceil(halfWidth);
        int taps = 2 * k;
        float[] out = new float[outLen];
        if ((long) up * taps <= MAX_TABLE) {
            float[][] table = new float[up][];
            for (int p = 0; p < up; p++) {
                table[p] = phaseTaps(p / (double) up, k, fc, halfWidth);
            }
            convolve(x, out, table, up, down, k);
        } else {
            for (int n = 0; n < outLen; n++) {
                long num = (long) n * down;
                int i0 = (int) (num / up);
                float[] h = phaseTaps((num % up) / (double) up, k, fc, halfWidth);
                out[n] = dot(x, i0, h, k);
            }
        }
        return out;
    }

    private static void convolve(float[] x, float[] out, float[][] table, int up, int down, int k) {
        long num = 0;
        for (int n = 0; n < out.length; n++, num += down) {
            int i0 = (int) (num / up);
            int phase = (int) (num - (long) i0 * up);
            out[n] = dot(x, i0, table[phase], k);
        }
    }

    /** Sum over j in [-k+1, k] of x[i0 + j] * h[j + k - 1], with zeros outside x. */
    private static float dot(float[] x, int i0, float[] h, int k) {
        int first = i0 - k + 1;
        int lo = Math.max(0, -first);
        int hi = Math.min(h.length, x.length - first);
        double acc = 0;
        for (int t = lo; t < hi; t++) {
            acc += x[first + t] * h[t];
        }
        return (float) acc;
    }

    /** Taps for an output that lies {@code frac} (0 ≤ frac < 1) input samples after input index i0. */
    private static float[] phaseTaps(double frac, int k, double fc, double halfWidth) {
        float[] h = new float[2 * k];
        double sum = 0;
        double[] v = new double[2 * k];
        for (int j = -k + 1; j <= k; j++) {
            double d = frac - j;
            double u = d / halfWidth;
            double w = Math.abs(u) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - u * u)) / besselI0(KAISER_BETA);
            double val = 2 * fc * sinc(2 * fc * d) * w;
            v[j + k - 1] = val;
            sum += val;
        }
        for (int t = 0; t < h.length; t++) {
            h[t] = (float) (v[t] / sum);
        }
        return h;
    }

    private static double sinc(double x) {
        if (Math.abs(x) < 1e-12) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series (converges fast for β ≤ 20). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int m = 1; m < 200; m++) {
            term *= q / ((double) m * m);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
