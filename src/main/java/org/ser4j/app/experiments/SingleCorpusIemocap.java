package org.ser4j.app.experiments;

import java.util.List;

/** Table 2, IEMOCAP: single-corpus vanilla systems. Runs {@code ser4j train experiments/single-corpus-iemocap.yaml}; program arguments are appended. */
public final class SingleCorpusIemocap {
    private SingleCorpusIemocap() {}

    public static void main(String[] args) {
        ExperimentMain.run("experiments/single-corpus-iemocap.yaml", List.of(), args);
    }
}
