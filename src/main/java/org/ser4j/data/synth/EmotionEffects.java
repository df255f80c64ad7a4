package org.ser4j.data.synth;

/**
 * The post effects of the emotion profile, applied to the dry voice: tremolo (amplitude modulation), overdrive
 * (tanh saturation, then 6 dB back so that later EQ cannot clip) and a treble shelf at 3 kHz.
 */
final class EmotionEffects {
    private EmotionEffects() {}

    /** A tanh-shaped saturator (Pade approximant, exactly +-1 beyond +-3), cheaper than Math.tanh per sample. */
    static double softClip(double v) {
        if (v >= 3) {
            return 1;
        }
        if (v <= -3) {
            return -1;
        }
        double v2 = v * v;
        return v * (27 + v2) / (27 + 9 * v2);
    }

    static void apply(float[] x, UtteranceParams p, double sampleRate) {
        if (p.tremoloPct() > 0) {
            double depth = p.tremoloPct() / 100.0;
            double w = 2 * Math.PI * p.tremoloHz() / sampleRate;
            // sin(w i) by a rotating phasor (exact up to rounding, renormalised every block) instead of Math.sin.
            double c = Math.cos(w);
            double s = Math.sin(w);
            double re = 1;
            double im = 0;
            for (int i = 0; i < x.length; i++) {
                x[i] *= (float) (1 - depth * 0.5 * (1 + im));
                double nr = re * c - im * s;
                im = re * s + im * c;
                re = nr;
                if ((i & 1023) == 1023) {
                    double norm = Math.sqrt(re * re + im * im);
                    re /= norm;
                    im /= norm;
                }
            }
        }
        if (p.overdriveDb() > 0) {
            double drive = Math.pow(10, p.overdriveDb() / 20);
            double back = Math.pow(10, -6 / 20.0);
            // Saturation relative to a nominal full-scale of 0.5, so quiet speech is only mildly coloured.
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (back * 0.5 * softClip(drive * x[i] / 0.5) * 1.6);
            }
        }
        if (p.trebleDb() != 0) {
            Biquad.highShelf(sampleRate, 3000, p.trebleDb()).apply(x);
        }
    }
}
