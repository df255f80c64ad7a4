package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WaveformNormalizerTest {
    @Test
    void matchesAHandComputation() {
        // x = [1, 2, 3, 4]: mean 2.5, population variance 1.25, scale 1/sqrt(1.25 + 1e-7).
        float[] y = WaveformNormalizer.normalize(new float[] {1, 2, 3, 4});
        double s = 1 / Math.sqrt(1.25 + 1e-7);
        double[] expected = {-1.5 * s, -0.5 * s, 0.5 * s, 1.5 * s};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], y[i], 1e-6);
        }
    }

    @Test
    void onlyValidSamplesCountAndPaddingStaysZero() {
        float[] padded = {1, 2, 3, 4, 0, 0, 0};
        float[] y = WaveformNormalizer.normalize(padded, 4);
        float[] alone = WaveformNormalizer.normalize(new float[] {1, 2, 3, 4});
        for (int i = 0; i < 4; i++) {
            assertEquals(alone[i], y[i], 0f);
        }
        for (int i = 4; i < 7; i++) {
            assertEquals(0f, y[i], 0f);
        }
        // Silence: epsilon keeps it finite and it stays 0.
        float[] z = WaveformNormalizer.normalize(new float[5]);
        for (float v : z) {
            assertEquals(0f, v, 0f);
        }
    }
}
