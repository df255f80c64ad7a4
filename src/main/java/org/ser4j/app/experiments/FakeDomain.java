package org.ser4j.app.experiments;

import java.util.Set;

/** Table 4: fake-domain systems EM, EF, JM, JF (two-step fine-tuning). Runs {@code ser4j train experiments/fake-domain.yaml}; program arguments are key=value overrides. */
public final class FakeDomain {
    private FakeDomain() {}

    public static void main(String[] args) {
        ExperimentMain.run("experiments/fake-domain.yaml", Set.of(), args);
    }
}
