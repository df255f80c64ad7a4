package org.ser4j.fusion;

import java.util.SplittableRandom;

/** Standard normal draws from a {@link SplittableRandom}, which has no nextGaussian of its own before Java 17. */
public final class Gaussian {
    private Gaussian() {}

    /** Box-Muller. */
    public static double next(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
