package org.ser4j.eval.baseline;

import org.ser4j.audio.Mfcc;
import org.ser4j.audio.MfccConfig;

/** Utterance-level features: per-coefficient mean then standard deviation of the MFCC frames (2 x nMfcc values). */
public final class MfccStatistics {
    private final Mfcc mfcc;

    public MfccStatistics(MfccConfig config) {
        this.mfcc = new Mfcc(config);
    }

    /** 40 MFCC means + 40 standard deviations, 25 ms / 10 ms frames at 16 kHz. */
    public static MfccStatistics baseline() {
        return new MfccStatistics(MfccConfig.baseline16k());
    }

    public int dimension() {
        return 2 * mfcc.config().nMfcc();
    }

    public double[] features(float[] samples16k) {
        float[][] c = mfcc.mfcc(samples16k);
        int d = mfcc.config().nMfcc();
        double[] out = new double[2 * d];
        if (c.length == 0) {
            throw new IllegalArgumentException("utterance shorter than one MFCC window (" + samples16k.length + " samples)");
        }
        for (float[] frame : c) {
            for (int k = 0; k < d; k++) {
                out[k] += frame[k];
            }
        }
        for (int k = 0; k < d; k++) {
            out[k] /= c.length;
        }
        for (float[] frame : c) {
            for (int k = 0; k < d; k++) {
                double e = frame[k] - out[k];
                out[d + k] += e * e;
            }
        }
        for (int k = 0; k < d; k++) {
            out[d + k] = Math.sqrt(out[d + k] / c.length);
        }
        return out;
    }
}
