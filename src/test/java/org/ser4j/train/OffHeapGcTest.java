package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OffHeapGcTest {
    private static final long GIB = 1L << 30;
    private static final long MS = 1_000_000L;

    @Test
    void collectsOnlyAboveHalfOfASetLimit() {
        long never = Long.MAX_VALUE;
        assertFalse(OffHeapGc.shouldCollect(5 * GIB, 0, never, 0), "no limit set: JavaCPP never forces a GC, nor we");
        assertFalse(OffHeapGc.shouldCollect(1 * GIB, 19 * GIB, never, 0), "a tiny model stays far below: no GC");
        assertFalse(OffHeapGc.shouldCollect(9 * GIB + GIB / 2, 19 * GIB, never, 0), "exactly half is not above");
        assertTrue(OffHeapGc.shouldCollect(16 * GIB, 19 * GIB, never, 0), "hubert-large after its first step");
    }

    @Test
    void spacesCollectionsByTheirCost() {
        // hubert-large: a 13 s step after a 70 ms GC -> collect again
        assertTrue(OffHeapGc.shouldCollect(16 * GIB, 19 * GIB, 13_000 * MS, 70 * MS));
        // a small model above the threshold on a small machine: 30 ms steps after a 50 ms GC -> wait ~1 s
        assertFalse(OffHeapGc.shouldCollect(5 * GIB, 8 * GIB, 30 * MS, 50 * MS));
        assertTrue(OffHeapGc.shouldCollect(5 * GIB, 8 * GIB, 1_000 * MS, 50 * MS));
    }
}
