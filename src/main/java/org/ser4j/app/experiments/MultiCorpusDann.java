package org.ser4j.app.experiments;

import java.util.Set;

import org.ser4j.config.Mode;

/** Table 3: multi-corpus DANN systems (gamma -1, gradient reversal). Runs {@code ser4j train experiments/multi-corpus.yaml}; program arguments are key=value overrides. */
public final class MultiCorpusDann {
    private MultiCorpusDann() {}

    public static void main(String[] args) {
        ExperimentMain.run("experiments/multi-corpus.yaml", Set.of(Mode.DANN), args);
    }
}
