package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    /** Level of a sinusoid of known frequency by least-squares fit of sin+cos over the central part (edges skipped). */
    static double amplitudeAt(float[] y, double freq, int rate) {
        int from = y.length / 4;
        int to = 3 * y.length / 4;
        double ss = 0;
        double sc = 0;
        double cc = 0;
        double ys = 0;
        double yc = 0;
        for (int i = from; i < to; i++) {
            double s = Math.sin(2 * Math.PI * freq * i / rate);
            double c = Math.cos(2 * Math.PI * freq * i / rate);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            ys += y[i] * s;
            yc += y[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det;
        double b = (yc * ss - ys * sc) / det;
        return Math.hypot(a, b);
    }

    static double rms(float[] y) {
        int from = y.length / 4;
        int to = 3 * y.length / 4;
        double s = 0;
        for (int i = from; i < to; i++) {
            s += y[i] * (double) y[i];
        }
        return Math.sqrt(s / (to - from));
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    @Test
    void oneKilohertzKeepsItsLevelFrom44100To16000() {
        float[] x = TestWavs.tone(1000, 44100, 44100, 0.5);
        float[] y = Resampler.resample(x, 44100, 16000);
        assertEquals(16000, y.length);
        double gain = db(amplitudeAt(y, 1000, 16000) / 0.5);
        assertTrue(Math.abs(gain) < 0.5, "1 kHz gain " + gain + " dB");
        // The output is the tone itself (no distortion): the residual after the fit is tiny.
        assertEquals(0.5 / Math.sqrt(2), rms(y), 0.005);
    }

    @Test
    void tenKilohertzAt44100IsRemovedBeforeDecimationTo16000() {
        float[] x = TestWavs.tone(10000, 44100, 44100, 0.5);
        float[] y = Resampler.resample(x, 44100, 16000);
        // Without an anti-alias filter 10 kHz would fold to 6 kHz at full level; measure all energy that is left.
        double attenuation = db(rms(y) / (0.5 / Math.sqrt(2)));
        assertTrue(attenuation < -40, "10 kHz comes out at " + attenuation + " dB");
    }

    @Test
    void upsamplingKeepsAToneAndItsPhase() {
        float[] x = TestWavs.tone(1000, 8000, 8000, 0.5);
        float[] y = Resampler.resample(x, 8000, 16000);
        assertEquals(16000, y.length);
        float[] expected = TestWavs.tone(1000, 16000, 16000, 0.5);
        for (int i = 4000; i < 12000; i++) {
            assertEquals(expected[i], y[i], 0.01, "sample " + i);
        }
    }

    @Test
    void constantStaysConstantAndEqualRatesAreIdentity() {
        float[] x = new float[48000];
        java.util.Arrays.fill(x, 0.25f);
        float[] y = Resampler.resample(x, 48000, 16000);
        assertEquals(16000, y.length);
        for (int i = 200; i < y.length - 200; i++) {
            assertEquals(0.25f, y[i], 1e-5f);
        }
        assertSame(x, Resampler.resample(x, 16000, 16000));
        assertEquals(3, Resampler.resample(new float[7], 22050, 8000).length, "ceil(7*160/441)");
        assertEquals(AudioLoader.lengthAt16k(44100, 44100), Resampler.resample(new float[44100], 44100, 16000).length);
        assertEquals(AudioLoader.lengthAt16k(12345, 22050), Resampler.resample(new float[12345], 22050, 16000).length);
    }

    @Test
    void besselSeriesMatchesKnownValues() {
        assertEquals(1.0, Resampler.besselI0(0), 0);
        assertEquals(1.2660658777520082, Resampler.besselI0(1), 1e-12);
        assertEquals(27.239871823604442, Resampler.besselI0(5), 1e-9);
    }
}
