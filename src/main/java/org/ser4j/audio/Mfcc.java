package org.ser4j.audio;

/**
 * Log-mel and MFCC features in plain Java: pre-emphasis, periodic Hann window, |FFT|^2, triangular mel filters,
 * natural log, orthonormal DCT-II. Instances hold only read-only tables and are safe to share between threads;
 * every call allocates its own scratch buffers.
 */
public final class Mfcc {
    private final MfccConfig config;
    private final Fft fft;
    private final MelFilterbank filterbank;
    private final double[] window;
    private final double[][] dct;

    public Mfcc(MfccConfig config) {
        this.config = config;
        this.fft = new Fft(config.nFft());
        this.filterbank = new MelFilterbank(config.sampleRate(), config.nFft(), config.nMels(), config.fMin(),
                Math.min(config.fMax(), config.sampleRate() / 2.0));
        this.window = new double[config.window()];
        for (int i = 0; i < window.length; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / window.length);
        }
        this.dct = dctMatrix(config.nMfcc(), config.nMels());
    }

    public MfccConfig config() {
        return config;
    }

    public MelFilterbank filterbank() {
        return filterbank;
    }

    /** Orthonormal DCT-II rows: c[k][m] = sqrt(2/M) cos(pi k (m + 1/2) / M), row 0 scaled by 1/sqrt(2). */
    static double[][] dctMatrix(int nOut, int nIn) {
        double[][] d = new double[nOut][nIn];
        for (int k = 0; k < nOut; k++) {
            double scale = Math.sqrt(2.0 / nIn) * (k == 0 ? Math.sqrt(0.5) : 1.0);
            for (int m = 0; m < nIn; m++) {
                d[k][m] = scale * Math.cos(Math.PI * k * (m + 0.5) / nIn);
            }
        }
        return d;
    }

    /** Log mel energies, one row of nMels values per frame. */
    public float[][] logMel(float[] samples) {
        int frames = config.frameCount(samples.length);
        float[][] out = new float[frames][config.nMels()];
        double[] frame = new double[config.window()];
        double[] power = new double[config.nFft() / 2 + 1];
        double[] mel = new double[config.nMels()];
        double[] re = new double[config.nFft()];
        double[] im = new double[config.nFft()];
        for (int t = 0; t < frames; t++) {
            melFrame(samples, t * config.hop(), frame, power, mel, re, im);
            for (int m = 0; m < mel.length; m++) {
                out[t][m] = (float) Math.log(mel[m] + config.logFloor());
            }
        }
        return out;
    }

    /** MFCCs, one row of nMfcc values per frame. */
    public float[][] mfcc(float[] samples) {
        int frames = config.frameCount(samples.length);
        float[][] out = new float[frames][config.nMfcc()];
        double[] frame = new double[config.window()];
        double[] power = new double[config.nFft() / 2 + 1];
        double[] mel = new double[config.nMels()];
        double[] re = new double[config.nFft()];
        double[] im = new double[config.nFft()];
        for (int t = 0; t < frames; t++) {
            melFrame(samples, t * config.hop(), frame, power, mel, re, im);
            for (int m = 0; m < mel.length; m++) {
                mel[m] = Math.log(mel[m] + config.logFloor());
            }
            for (int k = 0; k < dct.length; k++) {
                double s = 0;
                double[] row = dct[k];
                for (int m = 0; m < row.length; m++) {
                    s += row[m] * mel[m];
                }
                out[t][k] = (float) s;
            }
        }
        return out;
    }

    private void melFrame(float[] x, int start, double[] frame, double[] power, double[] mel, double[] re, double[] im) {
        double a = config.preemphasis();
        for (int i = 0; i < frame.length; i++) {
            int idx = start + i;
            double prev = idx > 0 ? x[idx - 1] : 0.0;
            frame[i] = (x[idx] - a * prev) * window[i];
        }
        fft.powerSpectrum(frame, frame.length, power, re, im);
        filterbank.apply(power, mel);
    }

    /**
     * Regression deltas over +-{@code width} frames (d_t = sum_n n (c_{t+n} - c_{t-n}) / (2 sum_n n^2)), with edge
     * frames repeated, as HTK/Kaldi compute them for the 39-dimensional MFCC+delta+delta-delta targets.
     */
    public static float[][] deltas(float[][] c, int width) {
        int frames = c.length;
        float[][] d = new float[frames][];
        double norm = 0;
        for (int n = 1; n <= width; n++) {
            norm += 2.0 * n * n;
        }
        for (int t = 0; t < frames; t++) {
            int dim = c[t].length;
            d[t] = new float[dim];
            for (int k = 0; k < dim; k++) {
                double s = 0;
                for (int n = 1; n <= width; n++) {
                    float ahead = c[Math.min(frames - 1, t + n)][k];
                    float behind = c[Math.max(0, t - n)][k];
                    s += n * (ahead - behind);
                }
                d[t][k] = (float) (s / norm);
            }
        }
        return d;
    }
}
