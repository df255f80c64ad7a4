package org.ser4j.app.experiments;

import java.util.List;

/** Table 3: multi-corpus MTL systems (gamma +1). Runs {@code ser4j train experiments/multi-corpus.yaml}; program arguments are appended. */
public final class MultiCorpusMtl {
    private MultiCorpusMtl() {}

    public static void main(String[] args) {
        ExperimentMain.run("experiments/multi-corpus.yaml", List.of("--mode", "mtl"), args);
    }
}
