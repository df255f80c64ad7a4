package org.ser4j.audio;

/**
 * Per-utterance zero-mean, unit-variance normalisation, as the HuBERT-large feature extractor does when
 * {@code do_normalize} is true (docs/contracts.md §1): y = (x − mean) / sqrt(var + 1e-7), where mean and the population
 * variance are taken over the valid samples only and padding stays exactly 0.
 */
public final class WaveformNormalizer {
    public static final double EPSILON = 1e-7;

    private WaveformNormalizer() {}

    /** A normalised copy of the whole array. */
    public static float[] normalize(float[] x) {
        return normalize(x, x.length);
    }

    /** A normalised copy in which only the first {@code validLength} samples count; the rest are set to 0. */
    public static float[] normalize(float[] x, int validLength) {
        float[] y = new float[x.length];
        normalizeInto(x, 0, validLength, y, 0);
        return y;
    }

    /**
     * Writes the normalised {@code x[from .. from+validLength)} to {@code out[at ..]}. Accumulates in double so that
     * long utterances do not lose precision in the mean.
     */
    public static void normalizeInto(float[] x, int from, int validLength, float[] out, int at) {
        if (validLength < 0 || from < 0 || from + validLength > x.length) {
            throw new IllegalArgumentException("valid range [" + from + ", " + (from + validLength)
                    + ") outside an array of " + x.length);
        }
        if (validLength == 0) {
            return;
        }
        double sum = 0;
        for (int i = 0; i < validLength; i++) {
            sum += x[from + i];
        }
        double mean = sum / validLength;
        double sq = 0;
        for (int i = 0; i < validLength; i++) {
            double d = x[from + i] - mean;
            sq += d * d;
        }
        double scale = 1.0 / Math.sqrt(sq / validLength + EPSILON);
        for (int i = 0; i < validLength; i++) {
            out[at + i] = (float) ((x[from + i] - mean) * scale);
        }
    }
}
