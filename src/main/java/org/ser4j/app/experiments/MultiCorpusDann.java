package org.ser4j.app.experiments;

import java.util.List;

/** Table 3: multi-corpus DANN systems (gamma -1, gradient reversal). Runs {@code ser4j train experiments/multi-corpus.yaml}; program arguments are appended. */
public final class MultiCorpusDann {
    private MultiCorpusDann() {}

    public static void main(String[] args) {
        ExperimentMain.run("experiments/multi-corpus.yaml", List.of("--mode", "dann"), args);
    }
}
