package org.ser4j.data.synth;

/**
 * Klatt's two-pole digital resonator y[n] = a x[n] + b y[n-1] + c y[n-2] with unit gain at 0 Hz, and its inverse
 * (the antiresonator, two zeros) for the nasal zero. Coefficients are set per control frame; the state carries
 * over so that formant movements are click-free.
 */
final class Resonator {
    private final double sampleRate;
    private double a = 1;
    private double b;
    private double c;
    private double y1;
    private double y2;

    Resonator(double sampleRate) {
        this.sampleRate = sampleRate;
    }

    void set(double freqHz, double bandwidthHz) {
        double f = Math.min(freqHz, 0.45 * sampleRate);
        double r = Math.exp(-Math.PI * bandwidthHz / sampleRate);
        c = -r * r;
        b = 2 * r * Math.cos(2 * Math.PI * f / sampleRate);
        a = 1 - b - c;
    }

    /** Magnitude response at {@code hz}, used to normalise noise resonators to unit peak gain. */
    double gainAt(double hz) {
        double w = 2 * Math.PI * hz / sampleRate;
        double re = 1 - b * Math.cos(w) - c * Math.cos(2 * w);
        double im = b * Math.sin(w) + c * Math.sin(2 * w);
        return Math.abs(a) / Math.sqrt(re * re + im * im);
    }

    double resonate(double x) {
        double y = a * x + b * y1 + c * y2;
        y2 = y1;
        y1 = y;
        return y;
    }

    /** Antiresonator: the exact inverse filter x[n] = (y[n] - b y[n-1] - c y[n-2]) / a, applied to its input. */
    double antiresonate(double x) {
        double y = (x - b * y1 - c * y2) / a;
        y2 = y1;
        y1 = x;
        return y;
    }
}
