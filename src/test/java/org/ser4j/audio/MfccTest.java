package org.ser4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class MfccTest {

    @Test
    void fftMatchesNaiveDft() {
        int n = 64;
        Random r = new Random(3);
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = r.nextGaussian();
            im[i] = r.nextGaussian();
        }
        double[] xr = re.clone();
        double[] xi = im.clone();
        new Fft(n).transform(xr, xi);
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            for (int t = 0; t < n; t++) {
                double a = -2 * Math.PI * k * t / n;
                sr += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                si += re[t] * Math.sin(a) + im[t] * Math.cos(a);
            }
            assertEquals(sr, xr[k], 1e-9);
            assertEquals(si, xi[k], 1e-9);
        }
    }

    @Test
    void melScaleIsHtkAndInvertible() {
        // 2595 log10(1 + 1000/700) = 999.985...
        assertEquals(999.9855, MelFilterbank.hzToMel(1000), 1e-3);
        assertEquals(0.0, MelFilterbank.hzToMel(0), 1e-12);
        for (double hz : new double[] {20, 440, 3000, 7600}) {
            assertEquals(hz, MelFilterbank.melToHz(MelFilterbank.hzToMel(hz)), 1e-9);
        }
    }

    @Test
    void pureToneLandsInTheBandCentredNearIt() {
        MfccConfig cfg = MfccConfig.baseline16k();
        Mfcc m = new Mfcc(cfg);
        float[] x = new float[16000];
        double f = 1000;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * f * i / 16000));
        }
        float[][] lm = m.logMel(x);
        int best = 0;
        for (int b = 1; b < cfg.nMels(); b++) {
            if (lm[10][b] > lm[10][best]) {
                best = b;
            }
        }
        // Centre of band b: edge b+1 of nMels+2 evenly spaced mel points between fMin and fMax.
        double lo = MelFilterbank.hzToMel(cfg.fMin());
        double hi = MelFilterbank.hzToMel(cfg.fMax());
        double centre = MelFilterbank.melToHz(lo + (hi - lo) * (best + 1) / (cfg.nMels() + 1));
        double spacing = MelFilterbank.melToHz(lo + (hi - lo) * (best + 2) / (cfg.nMels() + 1)) - centre;
        assertTrue(Math.abs(centre - f) < spacing, "band centre " + centre + " Hz for a 1000 Hz tone");
    }

    @Test
    void mfccIsTheOrthonormalDctOfLogMel() {
        MfccConfig cfg = MfccConfig.hubertFrames16k();
        Mfcc m = new Mfcc(cfg);
        Random r = new Random(5);
        float[] x = new float[8000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 * r.nextGaussian());
        }
        float[][] lm = m.logMel(x);
        float[][] c = m.mfcc(x);
        int bands = cfg.nMels();
        for (int t = 0; t < c.length; t += 7) {
            for (int k = 0; k < cfg.nMfcc(); k++) {
                double s = 0;
                for (int b = 0; b < bands; b++) {
                    s += lm[t][b] * Math.cos(Math.PI * k * (b + 0.5) / bands);
                }
                s *= Math.sqrt(2.0 / bands) * (k == 0 ? Math.sqrt(0.5) : 1);
                assertEquals(s, c[t][k], 1e-3 * Math.max(1, Math.abs(s)));
            }
        }
        double[][] d = Mfcc.dctMatrix(bands, bands);
        for (int i = 0; i < bands; i++) {
            for (int j = 0; j < bands; j++) {
                double dot = 0;
                for (int b = 0; b < bands; b++) {
                    dot += d[i][b] * d[j][b];
                }
                assertEquals(i == j ? 1.0 : 0.0, dot, 1e-9);
            }
        }
    }

    @Test
    void hubertFramingGivesFiftyHertzFrames() {
        MfccConfig cfg = MfccConfig.hubertFrames16k();
        assertEquals(400, cfg.window());
        assertEquals(320, cfg.hop());
        // HuBERT's conv encoder yields 49 frames for one second at 16 kHz: 1 + (16000 - 400) / 320.
        assertEquals(49, cfg.frameCount(16000));
        assertEquals(49, new Mfcc(cfg).mfcc(new float[16000]).length);
        assertEquals(0, cfg.frameCount(399));
        assertEquals(1, cfg.frameCount(400));
    }

    @Test
    void deltasOfALinearRampAreItsSlope() {
        float[][] c = new float[20][2];
        for (int t = 0; t < 20; t++) {
            c[t][0] = 3 * t;
            c[t][1] = 5;
        }
        float[][] d = Mfcc.deltas(c, 2);
        for (int t = 2; t < 18; t++) {
            assertEquals(3.0, d[t][0], 1e-6);
            assertEquals(0.0, d[t][1], 1e-6);
        }
    }
}
