package org.ser4j.config;

/**
 * Gradient-reversal strength for DANN: {@code fixed} keeps {@code lambda}; {@code ganin} ramps it as
 * lambda * (2/(1+exp(-10 p)) - 1) over training progress p.
 */
public record GrlConfig(String schedule, double lambda) {
    public GrlConfig {
        schedule = schedule == null ? "fixed" : schedule;
        if (!schedule.equals("fixed") && !schedule.equals("ganin")) {
            throw new IllegalArgumentException("train.grl.schedule: expected fixed or ganin, got '" + schedule + "'");
        }
        if (lambda < 0) {
            throw new IllegalArgumentException("train.grl.lambda: must be >= 0, got " + lambda);
        }
    }

    public static GrlConfig defaults() {
        return new GrlConfig("fixed", 1.0);
    }
}
