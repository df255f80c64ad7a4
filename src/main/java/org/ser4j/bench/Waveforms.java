package org.ser4j.bench;

import java.util.Random;

/** Seeded noise waveforms as bench input: the graphs' cost does not depend on the signal. */
final class Waveforms {
    static final int RATE = 16_000;

    private Waveforms() {}

    static float[][] noise(int batch, double seconds, long seed) {
        int samples = (int) Math.round(seconds * RATE);
        Random r = new Random(seed);
        float[][] w = new float[batch][samples];
        for (float[] row : w) {
            for (int i = 0; i < samples; i++) {
                row[i] = (float) (0.1 * r.nextGaussian());
            }
        }
        return w;
    }

    /** {@code 4x4s}, {@code 1x16s}: the label used in entry ids (shared with the PyTorch script). */
    static String label(int batch, double seconds) {
        String s = seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
        return batch + "x" + s + "s";
    }
}
