package org.ser4j.app.experiments;

import java.util.Set;

/** Table 2, JTES: single-corpus vanilla systems. Runs {@code ser4j train experiments/single-corpus-jtes.yaml}; program arguments are key=value overrides. */
public final class SingleCorpusJtes {
    private SingleCorpusJtes() {}

    public static void main(String[] args) {
        ExperimentMain.run("experiments/single-corpus-jtes.yaml", Set.of(), args);
    }
}
