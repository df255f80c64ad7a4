package org.ser4j.audio;

/**
 * Triangular filters on the HTK mel scale (mel = 2595 log10(1 + f/700)), applied to a one-sided power spectrum of
 * an {@code nFft}-point FFT. Filter edges are placed evenly in mel between fMin and fMax; each triangle peaks at 1
 * (no area normalisation, as in HTK/Kaldi/torchaudio's default), so log-mel values are comparable across configs.
 */
public final class MelFilterbank {
    private final int nMels;
    private final int nBins;
    private final int[] firstBin;
    private final double[][] weights;

    public MelFilterbank(int sampleRate, int nFft, int nMels, double fMin, double fMax) {
        if (nMels < 1 || fMin < 0 || fMax <= fMin || fMax > sampleRate / 2.0) {
            throw new IllegalArgumentException("mel filterbank: need nMels >= 1 and 0 <= fMin < fMax <= Nyquist, got nMels="
                    + nMels + " fMin=" + fMin + " fMax=" + fMax + " sampleRate=" + sampleRate);
        }
        this.nMels = nMels;
        this.nBins = nFft / 2 + 1;
        double melLo = hzToMel(fMin);
        double melHi = hzToMel(fMax);
        double[] edges = new double[nMels + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(melLo + (melHi - melLo) * i / (nMels + 1));
        }
        firstBin = new int[nMels];
        weights = new double[nMels][];
        double binHz = (double) sampleRate / nFft;
        for (int m = 0; m < nMels; m++) {
            double lo = edges[m];
            double mid = edges[m + 1];
            double hi = edges[m + 2];
            int b0 = Math.max(0, (int) Math.ceil(lo / binHz));
            int b1 = Math.min(nBins - 1, (int) Math.floor(hi / binHz));
            if (b1 < b0) {
                b1 = b0;
            }
            firstBin[m] = b0;
            weights[m] = new double[b1 - b0 + 1];
            for (int b = b0; b <= b1; b++) {
                double f = b * binHz;
                double w = f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
                weights[m][b - b0] = Math.max(0.0, w);
            }
        }
    }

    public static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    public static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }

    public int size() {
        return nMels;
    }

    public int spectrumBins() {
        return nBins;
    }

    /** The weight of FFT bin {@code bin} in filter {@code mel} (0 outside the triangle). */
    public double weight(int mel, int bin) {
        int i = bin - firstBin[mel];
        return i < 0 || i >= weights[mel].length ? 0.0 : weights[mel][i];
    }

    /** Mel energies of one power spectrum (length nFft/2+1). */
    public void apply(double[] power, double[] melOut) {
        for (int m = 0; m < nMels; m++) {
            double s = 0;
            double[] w = weights[m];
            int b0 = firstBin[m];
            for (int i = 0; i < w.length; i++) {
                s += w[i] * power[b0 + i];
            }
            melOut[m] = s;
        }
    }
}
