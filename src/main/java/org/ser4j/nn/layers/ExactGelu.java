package org.ser4j.nn.layers;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * GELU with the error function, {@code 0.5 x (1 + erf(x / sqrt 2))}, as PyTorch's default {@code nn.GELU}. SameDiff's
 * {@code sd.nn.gelu} is the sigmoid approximation and {@code preciseGelu} matches neither form (0.02-0.03 error), so
 * both would break parity with Hugging Face checkpoints.
 */
public final class ExactGelu {
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);

    private ExactGelu() {}

    public static SDVariable apply(SDVariable x) {
        SDVariable erf = x.getSameDiff().math.erf(x.mul(INV_SQRT2));
        return x.mul(0.5).mul(erf.add(1.0));
    }
}
