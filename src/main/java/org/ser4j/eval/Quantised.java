package org.ser4j.eval;

/**
 * Logits quantised to 1e-6 as 64-bit integers (docs/contracts.md §6). Every argmax in ser4j's evaluation and fusion works on
 * these integers, so a single system and a one-member fusion give the same prediction, and sums do not depend on
 * their order.
 */
public final class Quantised {
    /** Quantisation steps per unit: a logit x becomes round(x * 1e6). */
    public static final double SCALE = 1e6;

    private Quantised() {}

    public static long of(double logit) {
        if (!Double.isFinite(logit)) {
            throw new IllegalArgumentException("logit is not finite: " + logit);
        }
        return Math.round(logit * SCALE);
    }

    /** Index of the largest of {@code c} values starting at {@code offset}; on a tie the lowest index wins. */
    public static int argmax(long[] values, int offset, int c) {
        int best = 0;
        long bestValue = values[offset];
        for (int j = 1; j < c; j++) {
            if (values[offset + j] > bestValue) {
                bestValue = values[offset + j];
                best = j;
            }
        }
        return best;
    }
}
