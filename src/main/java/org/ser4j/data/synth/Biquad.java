package org.ser4j.data.synth;

/**
 * Second-order IIR sections from the Audio EQ Cookbook (R. Bristow-Johnson): shelves, peaking band, Butterworth
 * high- and low-pass. Used for the emotion treble shelf and the recording-channel EQ.
 */
final class Biquad {
    private final double b0;
    private final double b1;
    private final double b2;
    private final double a1;
    private final double a2;

    private Biquad(double b0, double b1, double b2, double a0, double a1, double a2) {
        this.b0 = b0 / a0;
        this.b1 = b1 / a0;
        this.b2 = b2 / a0;
        this.a1 = a1 / a0;
        this.a2 = a2 / a0;
    }

    static Biquad lowPass(double fs, double hz) {
        double w = 2 * Math.PI * hz / fs;
        double alpha = Math.sin(w) / (2 * Math.sqrt(0.5));
        double cos = Math.cos(w);
        return new Biquad((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    static Biquad highPass(double fs, double hz) {
        double w = 2 * Math.PI * hz / fs;
        double alpha = Math.sin(w) / (2 * Math.sqrt(0.5));
        double cos = Math.cos(w);
        return new Biquad((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /** Peaking band with bandwidth in octaves. */
    static Biquad peaking(double fs, double hz, double gainDb, double octaves) {
        double a = Math.pow(10, gainDb / 40);
        double w = 2 * Math.PI * hz / fs;
        double sin = Math.sin(w);
        double alpha = sin * Math.sinh(Math.log(2) / 2 * octaves * w / sin);
        double cos = Math.cos(w);
        return new Biquad(1 + alpha * a, -2 * cos, 1 - alpha * a, 1 + alpha / a, -2 * cos, 1 - alpha / a);
    }

    static Biquad lowShelf(double fs, double hz, double gainDb) {
        return shelf(fs, hz, gainDb, false);
    }

    static Biquad highShelf(double fs, double hz, double gainDb) {
        return shelf(fs, hz, gainDb, true);
    }

    /** Shelf with slope S = 1 (cookbook). */
    private static Biquad shelf(double fs, double hz, double gainDb, boolean high) {
        double a = Math.pow(10, gainDb / 40);
        double w = 2 * Math.PI * hz / fs;
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / 2 * Math.sqrt(2);
        double sq = 2 * Math.sqrt(a) * alpha;
        if (high) {
            return new Biquad(a * ((a + 1) + (a - 1) * cos + sq), -2 * a * ((a - 1) + (a + 1) * cos),
                    a * ((a + 1) + (a - 1) * cos - sq), (a + 1) - (a - 1) * cos + sq, 2 * ((a - 1) - (a + 1) * cos),
                    (a + 1) - (a - 1) * cos - sq);
        }
        return new Biquad(a * ((a + 1) - (a - 1) * cos + sq), 2 * a * ((a - 1) - (a + 1) * cos),
                a * ((a + 1) - (a - 1) * cos - sq), (a + 1) + (a - 1) * cos + sq, -2 * ((a - 1) + (a + 1) * cos),
                (a + 1) + (a - 1) * cos - sq);
    }

    /** Filters in place (direct form I, fresh state). */
    void apply(float[] x) {
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double in = x[i];
            double y = b0 * in + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = in;
            y2 = y1;
            y1 = y;
            x[i] = (float) y;
        }
    }

    /** Magnitude response in dB at {@code hz} (for tests and documentation). */
    double responseDb(double fs, double hz) {
        double w = 2 * Math.PI * hz / fs;
        double nr = b0 + b1 * Math.cos(w) + b2 * Math.cos(2 * w);
        double ni = -b1 * Math.sin(w) - b2 * Math.sin(2 * w);
        double dr = 1 + a1 * Math.cos(w) + a2 * Math.cos(2 * w);
        double di = -a1 * Math.sin(w) - a2 * Math.sin(2 * w);
        return 10 * Math.log10((nr * nr + ni * ni) / (dr * dr + di * di));
    }
}
