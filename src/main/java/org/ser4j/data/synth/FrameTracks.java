package org.ser4j.data.synth;

import java.util.Arrays;

/**
 * Control tracks at 200 frames per second (5 ms, {@value #FRAME} samples at 16 kHz): voicing, aspiration and
 * frication amplitudes, frication band, formants F1-F3, nasal coupling and the intonation value (0 = the utterance's
 * F0 base, 1 = its F0 top, on a log-frequency scale).
 */
final class FrameTracks {
    static final int FRAME = 80;
    static final double FRAME_MS = 5.0;

    int length;
    double[] av = new double[256];
    double[] ah = new double[256];
    double[] af = new double[256];
    double[] fc = new double[256];
    double[] fb = new double[256];
    double[] f1 = new double[256];
    double[] f2 = new double[256];
    double[] f3 = new double[256];
    double[] nz = new double[256];
    double[] pitch = new double[256];

    void emit(int frames, double voice, double asp, double fric, double fricHz, double fricBw, double t1, double t2,
              double t3, double nasalZero) {
        ensure(length + frames);
        for (int i = 0; i < frames; i++) {
            int k = length + i;
            av[k] = voice;
            ah[k] = asp;
            af[k] = fric;
            fc[k] = fricHz;
            fb[k] = fricBw;
            f1[k] = t1;
            f2[k] = t2;
            f3[k] = t3;
            nz[k] = nasalZero;
        }
        length += frames;
    }

    private void ensure(int n) {
        if (n <= av.length) {
            return;
        }
        int cap = Math.max(n, av.length * 2);
        av = Arrays.copyOf(av, cap);
        ah = Arrays.copyOf(ah, cap);
        af = Arrays.copyOf(af, cap);
        fc = Arrays.copyOf(fc, cap);
        fb = Arrays.copyOf(fb, cap);
        f1 = Arrays.copyOf(f1, cap);
        f2 = Arrays.copyOf(f2, cap);
        f3 = Arrays.copyOf(f3, cap);
        nz = Arrays.copyOf(nz, cap);
        pitch = Arrays.copyOf(pitch, cap);
    }

    /**
     * Zero-phase one-pole smoothing (forward then backward) with time constant {@code tauMs}: articulators move
     * continuously, which turns stepwise targets into formant transitions and soft voicing onsets.
     */
    void smooth(double[] track, double tauMs) {
        double a = Math.exp(-FRAME_MS / tauMs);
        double y = track[0];
        for (int i = 0; i < length; i++) {
            y = a * y + (1 - a) * track[i];
            track[i] = y;
        }
        y = track[length - 1];
        for (int i = length - 1; i >= 0; i--) {
            y = a * y + (1 - a) * track[i];
            track[i] = y;
        }
    }
}
