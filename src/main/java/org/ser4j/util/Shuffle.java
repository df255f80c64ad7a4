package org.ser4j.util;

import java.util.random.RandomGenerator;

/** Fisher-Yates shuffles, written once so that every seeded order in ser4j draws its random numbers the same way. */
public final class Shuffle {
    private Shuffle() {}

    /** 0, 1, ..., n - 1: the order a shuffle starts from. */
    public static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Shuffles {@code a} in place, from the last element down, drawing {@code rnd.nextInt(i + 1)} for each i. */
    public static void inPlace(int[] a, RandomGenerator rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
