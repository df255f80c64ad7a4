package org.ser4j.app.experiments;

import java.util.Set;

import org.ser4j.config.Mode;

/** Table 3: multi-corpus vanilla systems (gamma 0). Runs {@code ser4j train experiments/multi-corpus.yaml}; program arguments are key=value overrides. */
public final class MultiCorpusVanilla {
    private MultiCorpusVanilla() {}

    public static void main(String[] args) {
        ExperimentMain.run("experiments/multi-corpus.yaml", Set.of(Mode.VANILLA), args);
    }
}
