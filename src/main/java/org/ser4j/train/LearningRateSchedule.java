package org.ser4j.train;

/**
 * Linear warm-up from 0 to the peak over {@code warmupSteps}, then linear decay to 0 at {@code totalSteps}
 * (HF {@code get_linear_schedule_with_warmup}). Computed here in closed form because ND4J's PolySchedule and
 * RampSchedule are broken in M2.1. {@code step} is the 0-based index of the update.
 */
public record LearningRateSchedule(int warmupSteps, int totalSteps) {
    public LearningRateSchedule {
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("schedule: warmup " + warmupSteps + " of " + totalSteps + " steps");
        }
    }

    public static LearningRateSchedule ofRatio(double warmupRatio, int totalSteps) {
        return new LearningRateSchedule((int) Math.ceil(warmupRatio * totalSteps), totalSteps);
    }

    /** Multiplier of the peak learning rate for update {@code step} (0-based). */
    public double factor(int step) {
        if (step < warmupSteps) {
            return (double) (step + 1) / (warmupSteps + 1);
        }
        if (totalSteps == warmupSteps) {
            return 1.0;
        }
        return Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    }
}
