package org.ser4j.app.demo;

import java.nio.file.Path;
import java.util.List;

import org.ser4j.config.Mode;
import org.ser4j.train.ExperimentRun;

/**
 * One system of the demo: (experiment, mode, trial) over the experiment's folds, in {@code dir}.
 *
 * @param dependsOn the system that must be finished first (fake-domain step 1 reuses the MTL system of the same
 *                  trial), or null
 */
record SystemTask(ExperimentRun run, String experiment, Mode mode, int trial, Path dir, List<Integer> folds,
                  SystemTask dependsOn) {
    String name() {
        return experiment + "/" + mode + "/trial-" + trial;
    }
}
