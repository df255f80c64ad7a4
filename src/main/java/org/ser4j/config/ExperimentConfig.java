package org.ser4j.config;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One experiment = a grid of systems: every mode x every trial, each over the listed LOSO folds.
 *
 * @param name    experiment name; the run folder is {@code <runs_dir>/<name>/<mode>/trial-<t>/}
 * @param scale   {@code demo} or {@code paper}; selects the matching block of {@code scales}
 * @param seed    root seed; trial t uses a seed derived from it (recorded in every system)
 * @param trials  number of trials (trial-1 .. trial-N), i.e. different seeds
 * @param folds   test sessions to run (1..5)
 * @param modes   the {@link Mode}s: vanilla | mtl | dann | fake-EM | fake-EF | fake-JM | fake-JF
 * @param runsDir where systems are written
 * @param scales  per-scale overrides ({@code key.path: value}); applied before {@code --set}; not part of the
 *                resolved config
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentConfig(String name, String scale, long seed, int trials, List<Integer> folds,
                               List<Mode> modes, String runsDir, DataConfig data, ModelConfig model,
                               TrainConfig train, Map<String, Map<String, Object>> scales) {
    public ExperimentConfig {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("name: required, letters/digits/._- only (it becomes a folder), got '"
                    + name + "'");
        }
        scale = scale == null ? "paper" : scale;
        if (!scale.equals("demo") && !scale.equals("paper")) {
            throw new IllegalArgumentException("scale: expected demo or paper, got '" + scale + "'");
        }
        if (trials < 1) {
            throw new IllegalArgumentException("trials: must be >= 1, got " + trials);
        }
        if (folds != null && folds.isEmpty()) {
            throw new IllegalArgumentException("folds: the list is empty; name at least one test session (or leave "
                    + "the key out for all of 1..5)");
        }
        if (folds != null && folds.stream().anyMatch(java.util.Objects::isNull)) { // List.of's contains(null) throws
            throw new IllegalArgumentException("folds: an entry is empty (null), got " + folds);
        }
        folds = folds == null ? List.of(1, 2, 3, 4, 5) : List.copyOf(folds);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int f : folds) {
            if (f < 1) {
                throw new IllegalArgumentException("folds: sessions count from 1, got " + f);
            }
            if (!seen.add(f)) {
                throw new IllegalArgumentException("folds: fold " + f + " is listed twice in " + folds
                        + " (it would be trained and counted twice)");
            }
        }
        if (modes == null || modes.isEmpty()) {
            throw new IllegalArgumentException("modes: at least one of " + Mode.NAMES + " is required");
        }
        modes = List.copyOf(modes);
        runsDir = runsDir == null ? "experiments/runs" : runsDir;
        if (data == null || model == null || train == null) {
            throw new IllegalArgumentException("data, model and train blocks are all required");
        }
    }

    /** The same config without the {@code scales} block (what the resolved file records). */
    public ExperimentConfig withoutScales() {
        return new ExperimentConfig(name, scale, seed, trials, folds, modes, runsDir, data, model, train, null);
    }
}
