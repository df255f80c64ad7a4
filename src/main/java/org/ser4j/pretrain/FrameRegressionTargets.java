package org.ser4j.pretrain;

import java.util.HashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.audio.Mfcc;
import org.ser4j.audio.MfccConfig;

/**
 * Regression targets of the multi-target objective (PASE-style "workers" on one head): every 20 ms frame of a crop
 * gets its standardised MFCCs, log pitch and voicing strength (the spectral envelope and the prosody that carry
 * emotion), followed by the squares of the same standardised values.
 *
 * <p>WHY the squares: the fine-tuning heads see the mean of the last hidden state over an utterance. A hidden state
 * that linearly holds z and z² gives, after mean pooling, both the mean and the spread of every feature over the
 * utterance, the statistics an utterance-level classifier of MFCC frames uses.
 *
 * <p>Frames are exactly the encoder's conv frames (window 400, hop 320 at 16 kHz), as for {@link ClusterTargets}.
 *
 * @param targets per crop, [rows][dims] (rows beyond {@code valid[i]} are zero and carry no weight)
 * @param valid   per crop, frames with a target
 * @param mean    per base feature, the mean used for standardisation
 * @param sd      per base feature, the SD used for standardisation
 */
public record FrameRegressionTargets(float[][][] targets, int[] valid, double[] mean, double[] sd)
        implements CropTargets {
    /** Lowest and highest pitch searched (Hz): the synthetic speakers span about 66-500 Hz with emotion. */
    static final double F0_MIN = 60;
    static final double F0_MAX = 600;
    /** Normalised-correlation peak above which a frame counts as voiced for the pitch feature. */
    static final double VOICED = 0.45;
    static final double F0_REFERENCE = 150;

    /** MFCC frames aligned with the conv frames, {@code cepstra} coefficients from 40 mel bands. */
    static MfccConfig mfccConfig(int cepstra) {
        MfccConfig h = MfccConfig.hubertFrames16k();
        return new MfccConfig(h.sampleRate(), h.window(), h.hop(), h.nFft(), h.nMels(), cepstra, h.fMin(), h.fMax(),
                h.preemphasis(), h.logFloor());
    }

    /** Targets per frame: 2 x (cepstra + 2). */
    public int dims() {
        return 2 * mean.length;
    }

    /** Base features [frames][cepstra + 2] of one crop's first {@code validSamples} samples. */
    static float[][] baseFeatures(Mfcc mfcc, float[] wave, int validSamples) {
        float[] w = validSamples == wave.length ? wave : java.util.Arrays.copyOf(wave, validSamples);
        float[][] c = mfcc.mfcc(w);
        MfccConfig cfg = mfcc.config();
        int d = cfg.nMfcc();
        float[][] out = new float[c.length][d + 2];
        for (int t = 0; t < c.length; t++) {
            System.arraycopy(c[t], 0, out[t], 0, d);
            double[] p = pitch(w, t * cfg.hop(), cfg.window(), cfg.sampleRate());
            out[t][d] = (float) (p[1] >= VOICED ? Math.log(p[0] / F0_REFERENCE) : 0.0);
            out[t][d + 1] = (float) p[1];
        }
        return out;
    }

    /**
     * Pitch of one window by the normalised cross-correlation of the window with itself shifted: {f0 Hz, peak in
     * [0, 1]}; the peak is the voicing strength. The shifted copy extends past the window (as in RAPT's NCCF), so
     * long periods keep a full window of products; samples past the end count as zero.
     */
    static double[] pitch(float[] x, int start, int window, int sampleRate) {
        int minLag = (int) Math.floor(sampleRate / F0_MAX);
        int maxLag = (int) Math.ceil(sampleRate / F0_MIN);
        double e0 = 0;
        for (int n = 0; n < window; n++) {
            double v = at(x, start + n);
            e0 += v * v;
        }
        if (e0 <= 1e-9) {
            return new double[] {F0_REFERENCE, 0};
        }
        double el = 0;
        for (int n = 0; n < window; n++) {
            double v = at(x, start + minLag + n);
            el += v * v;
        }
        double[] nccf = new double[maxLag - minLag + 1];
        double best = 0;
        for (int lag = minLag; lag <= maxLag; lag++) {
            double r = 0;
            for (int n = 0; n < window; n++) {
                r += at(x, start + n) * at(x, start + lag + n);
            }
            nccf[lag - minLag] = el > 1e-9 ? r / Math.sqrt(e0 * el) : 0;
            best = Math.max(best, nccf[lag - minLag]);
            double out = at(x, start + lag);
            double in = at(x, start + lag + window);
            el += in * in - out * out; // energy of the next shifted window, updated in O(1)
        }
        // Multiples of the period correlate almost as well as the period itself: take the shortest lag whose peak
        // comes within 10 % of the best one (the usual guard against octave errors).
        int bestLag = minLag;
        double peak = 0;
        for (int i = 0; i < nccf.length; i++) {
            boolean localMax = (i == 0 || nccf[i] >= nccf[i - 1]) && (i == nccf.length - 1 || nccf[i] >= nccf[i + 1]);
            if (localMax && nccf[i] >= 0.9 * best && best > 0) {
                bestLag = i + minLag;
                peak = nccf[i];
                break;
            }
        }
        best = peak;
        return new double[] {(double) sampleRate / bestLag, Math.min(1.0, best)};
    }

    private static double at(float[] x, int i) {
        return i < x.length ? x[i] : 0.0;
    }

    /** Fits the standardisation on every valid frame of every crop and builds the targets. */
    public static FrameRegressionTargets fit(UnlabelledCrops crops, int cepstra) {
        Mfcc mfcc = new Mfcc(mfccConfig(cepstra));
        int rows = mfcc.config().frameCount(crops.cropSamples());
        float[][][] base = new float[crops.size()][][];
        int[] valid = new int[crops.size()];
        int d = cepstra + 2;
        double[] mean = new double[d];
        double[] sq = new double[d];
        long n = 0;
        for (int i = 0; i < crops.size(); i++) {
            base[i] = baseFeatures(mfcc, crops.waves().get(i), crops.lengths()[i]);
            valid[i] = Math.min(base[i].length, rows);
            for (int t = 0; t < valid[i]; t++) {
                for (int k = 0; k < d; k++) {
                    mean[k] += base[i][t][k];
                    sq[k] += (double) base[i][t][k] * base[i][t][k];
                }
            }
            n += valid[i];
        }
        double[] sd = new double[d];
        for (int k = 0; k < d; k++) {
            mean[k] /= Math.max(1, n);
            sd[k] = Math.sqrt(Math.max(sq[k] / Math.max(1, n) - mean[k] * mean[k], 1e-12));
        }
        float[][][] targets = new float[crops.size()][rows][2 * d];
        for (int i = 0; i < crops.size(); i++) {
            for (int t = 0; t < valid[i]; t++) {
                for (int k = 0; k < d; k++) {
                    double z = (base[i][t][k] - mean[k]) / sd[k];
                    targets[i][t][k] = (float) z;
                    targets[i][t][d + k] = (float) ((z * z - 1) / Math.sqrt(2)); // unit scale for a Gaussian z
                }
            }
        }
        return new FrameRegressionTargets(targets, valid, mean, sd);
    }

    @Override
    public void addTo(Map<String, INDArray> ph, int[] items, int frames, double[] maskedOut) {
        int b = items.length;
        int dims = dims();
        float[] y = new float[b * frames * dims];
        boolean[] hasTarget = new boolean[b * frames];
        for (int i = 0; i < b; i++) {
            float[][] tg = targets[items[i]];
            for (int f = 0; f < Math.min(frames, valid[items[i]]); f++) {
                System.arraycopy(tg[f], 0, y, (i * frames + f) * dims, dims);
                hasTarget[i * frames + f] = true;
            }
        }
        ph.put(PretrainModel.TARGETS, Nd4j.create(y, new long[] {(long) b * frames, dims}, 'c'));
        CropTargets.putFrameWeights(ph, hasTarget, maskedOut);
    }

    /** Provenance description. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new HashMap<>();
        m.put("features", "per 20 ms frame (window 400, hop 320): MFCC " + (mean.length - 2) + " (40 mel bands), "
                + "log(F0/150 Hz) on voiced frames (NCCF peak >= " + VOICED + ", 60-600 Hz), NCCF peak; standardised z, "
                + "then (z^2 - 1)/sqrt(2) of each");
        m.put("dims", dims());
        return m;
    }
}
