package org.ser4j.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code ser4j train --mode}: the YAML spellings of the modes; anything else is bad input before any loading. */
class TrainModeOptionTest {
    @Test
    void anUnknownModeIsBadInput() {
        CorpusCommandsTest.Run r = CorpusCommandsTest.run("train", "experiments/demo.yaml", "--mode", "adversarial");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--mode: unknown mode 'adversarial'") && r.err().contains("fake-EM"), r.err());
    }
}
