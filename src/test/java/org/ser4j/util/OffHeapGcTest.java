package org.ser4j.util;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OffHeapGcTest {
    private static final long GIB = 1L << 30;

    @Test
    void collectsOnlyAboveHalfOfASetLimit() {
        assertFalse(OffHeapGc.shouldCollect(5 * GIB, 0), "no limit set: JavaCPP never forces a GC, neither do we");
        assertFalse(OffHeapGc.shouldCollect(1 * GIB, 19 * GIB), "a tiny model stays far below: no GC, no cost");
        assertFalse(OffHeapGc.shouldCollect(9 * GIB + GIB / 2, 19 * GIB), "exactly half is not above");
        assertTrue(OffHeapGc.shouldCollect(16 * GIB, 19 * GIB), "hubert-large after a step: collect");
    }
}
