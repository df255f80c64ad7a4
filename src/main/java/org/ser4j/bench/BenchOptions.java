package org.ser4j.bench;

import java.util.List;
import java.util.Set;

/**
 * What {@code ser4j bench} runs.
 *
 * @param quick      tiny configurations (the 32-wide test HuBERT, few files, a small subset search) that finish in
 *                   seconds: every figure is produced, none is meaningful; for smoke tests
 * @param groups     the groups to run: hubert, train, train-split (the training step with the frozen CNN run
 *                   outside the gradient graph), pipeline, fusion, fusion-independent (the search over systems
 *                   with independent errors), synth (the corpus generator), onnx, scaling (train-split,
 *                   fusion-independent, synth and scaling are off unless named)
 * @param repeats    measured repetitions per timed case (after one warm-up call)
 * @param threads    threads of the fusion search
 * @param scalingSeconds audio lengths of the scaling sweep
 */
public record BenchOptions(boolean quick, Set<String> groups, int repeats, int threads, List<Double> scalingSeconds) {
    public static final List<String> ALL_GROUPS = List.of("hubert", "train", "train-split", "pipeline", "fusion",
            "fusion-independent", "synth", "onnx", "scaling");
    /** Groups run when none is named: everything but the slow scaling sweep. */
    public static final Set<String> DEFAULT_GROUPS = Set.of("hubert", "train", "pipeline", "fusion", "onnx");

    public BenchOptions {
        groups = Set.copyOf(groups);
        scalingSeconds = List.copyOf(scalingSeconds);
        for (String g : groups) {
            if (!ALL_GROUPS.contains(g)) {
                throw new IllegalArgumentException("unknown bench group '" + g + "' (known: " + ALL_GROUPS + ")");
            }
        }
        if (repeats < 1 || threads < 1) {
            throw new IllegalArgumentException("repeats and threads must be at least 1");
        }
    }

    public boolean runs(String group) {
        return groups.contains(group);
    }
}
