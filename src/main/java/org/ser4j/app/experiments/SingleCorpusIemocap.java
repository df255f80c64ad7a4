package org.ser4j.app.experiments;

import java.util.Set;

/** Table 2, IEMOCAP: single-corpus vanilla systems. Runs {@code ser4j train experiments/single-corpus-iemocap.yaml}; program arguments are key=value overrides. */
public final class SingleCorpusIemocap {
    private SingleCorpusIemocap() {}

    public static void main(String[] args) {
        ExperimentMain.run("experiments/single-corpus-iemocap.yaml", Set.of(), args);
    }
}
