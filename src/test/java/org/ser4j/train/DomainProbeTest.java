package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class DomainProbeTest {
    /** Features that encode the domain are probed near 1; features independent of it near chance. */
    @Test
    void probeSeparatesInformativeFromUninformativeFeatures() {
        Random r = new Random(3);
        int n = 200;
        float[][] informative = new float[n][3];
        float[][] noise = new float[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 4;
            for (int j = 0; j < 3; j++) {
                noise[i][j] = (float) r.nextGaussian();
                informative[i][j] = (float) (r.nextGaussian() * 0.3 + (j == y[i] % 3 ? 2 : 0) + (y[i] == 3 ? 1 : 0));
            }
        }
        float[][] trI = java.util.Arrays.copyOfRange(informative, 0, 100);
        float[][] teI = java.util.Arrays.copyOfRange(informative, 100, 200);
        float[][] trN = java.util.Arrays.copyOfRange(noise, 0, 100);
        float[][] teN = java.util.Arrays.copyOfRange(noise, 100, 200);
        int[] ytr = java.util.Arrays.copyOfRange(y, 0, 100);
        int[] yte = java.util.Arrays.copyOfRange(y, 100, 200);
        assertTrue(DomainProbe.accuracy(trI, ytr, teI, yte, 4, 300, 0.5) > 0.9);
        assertTrue(DomainProbe.accuracy(trN, ytr, teN, yte, 4, 300, 0.5) < 0.45);
    }
}
