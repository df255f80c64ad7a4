package org.ser4j.audio;

/**
 * Framing and filterbank settings of {@link Mfcc}. Frames are taken without padding: frame t covers samples
 * [t*hop, t*hop + window), so the frame count is 1 + (n - window) / hop, the same count as HuBERT's convolutional
 * feature encoder gives for window 400 / hop 320 at 16 kHz (50 Hz).
 *
 * @param preemphasis coefficient of y[t] = x[t] - a x[t-1] applied before windowing (0 disables it)
 * @param logFloor    added to mel energies before the natural log, so silence gives a finite value
 */
public record MfccConfig(int sampleRate, int window, int hop, int nFft, int nMels, int nMfcc, double fMin, double fMax,
                         double preemphasis, double logFloor) {

    public MfccConfig {
        if (window < 2 || hop < 1 || nFft < window || Integer.bitCount(nFft) != 1) {
            throw new IllegalArgumentException("MFCC config: need window >= 2, hop >= 1, nFft a power of two >= window; got window="
                    + window + " hop=" + hop + " nFft=" + nFft);
        }
        if (nMfcc < 1 || nMfcc > nMels) {
            throw new IllegalArgumentException("MFCC config: need 1 <= nMfcc <= nMels, got " + nMfcc + " / " + nMels);
        }
    }

    /** 25 ms / 10 ms frames, 64 mel bands, 40 cepstra: the classical SER baseline front end (100 Hz frames). */
    public static MfccConfig baseline16k() {
        return new MfccConfig(16000, 400, 160, 512, 64, 40, 20.0, 7600.0, 0.97, 1e-10);
    }

    /**
     * 25 ms windows with a 20 ms hop (window 400, hop 320 at 16 kHz): one frame per HuBERT frame (50 Hz), for
     * k-means pre-training targets. 13 cepstra from 40 bands, as in the usual HuBERT first-iteration MFCC targets.
     */
    public static MfccConfig hubertFrames16k() {
        return new MfccConfig(16000, 400, 320, 512, 40, 13, 20.0, 7600.0, 0.97, 1e-10);
    }

    public int frameCount(int samples) {
        return samples < window ? 0 : 1 + (samples - window) / hop;
    }
}
