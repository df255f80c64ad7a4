package org.ser4j.bench;

import java.util.List;

import org.ser4j.nn.hubert.HubertConfig;

/**
 * One case of {@code ser4j bench} alone, run by {@code ser4j bench single} in a JVM of its own so that the process's
 * peak RSS belongs to that case: the HuBERT forward on {@code 1 x seconds} of audio, or one training step (masks,
 * mean pool + emotion head, backward, AdamW), with random weights.
 */
public final class SingleCaseBench {
    /** The cases. */
    public enum Kind { FORWARD, TRAIN }

    private SingleCaseBench() {}

    /** Runs the case on the model named {@code model} ({@code large}, {@code base} or {@code tiny}). */
    public static BenchReport run(Kind kind, String model, double seconds, int repeats) {
        HubertConfig cfg = switch (model) {
            case "large" -> HubertConfig.large();
            case "base" -> HubertConfig.base();
            case "tiny" -> HubertConfig.tinyLarge();
            default -> throw new IllegalArgumentException("model must be large, base or tiny, got '" + model + "'");
        };
        String name = "hubert-" + model;
        List<BenchEntry> entries = kind == Kind.TRAIN
                ? List.of(TrainStepBench.run(cfg, name, repeats, 1, seconds))
                : HubertForwardBench.run(new SameDiffForward(), cfg, name, repeats, List.of(new double[] {1, seconds}));
        return BenchReport.of(false, entries);
    }
}
