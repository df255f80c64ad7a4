package org.ser4j.app.experiments;

import java.util.Set;

import org.ser4j.config.Mode;

/** Table 3: multi-corpus MTL systems (gamma +1). Runs {@code ser4j train experiments/multi-corpus.yaml}; program arguments are key=value overrides. */
public final class MultiCorpusMtl {
    private MultiCorpusMtl() {}

    public static void main(String[] args) {
        ExperimentMain.run("experiments/multi-corpus.yaml", Set.of(Mode.MTL), args);
    }
}
