package org.ser4j.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Window, overlap and batch sizes have documented bounds, so that no setting turns into unbounded work. */
class ChunkingBoundsTest {
    @Test
    void windowAndOverlapOutsideTheirBoundsAreRefusedWithTheValue() {
        double[][] bad = {{0.49, 0}, {60.01, 2}, {1e9, 2}, {Double.NaN, 2}, {Double.POSITIVE_INFINITY, 2},
            {20, -0.1}, {20, 10.01}, {20, Double.NaN}, {20, Double.POSITIVE_INFINITY}};
        for (double[] b : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ChunkingPolicy(b[0], b[1]), b[0] + "/" + b[1]);
            String expected = b[0] >= 0.5 && b[0] <= 60 ? "overlap must be 0 .. " + b[0] / 2 + " s"
                    : "window must be 0.5 .. 60.0 s";
            assertTrue(e.getMessage().startsWith(expected), e.getMessage());
            assertTrue(e.getMessage().contains("got "), e.getMessage());
        }
        for (double[] ok : new double[][] {{0.5, 0}, {60, 30}, {20, 2}, {20, 10}}) {
            assertNull(ChunkingPolicy.problem(ok[0], ok[1]));
            new ChunkingPolicy(ok[0], ok[1]);
        }
    }

    @Test
    void theOverlapBoundKeepsTheWindowCountLinearInTheLength() {
        // the largest allowed overlap: hop = half a window, so T seconds give at most 2 T / window + 1 windows
        ChunkingPolicy p = new ChunkingPolicy(0.5, 0.25);
        int rate = 16_000;
        int length = 3600 * rate;
        int windows = p.starts(length, rate).length;
        assertTrue(windows <= 2 * 3600 / 0.5 + 1, "windows " + windows);
        assertEquals(14_399, windows);
    }

    @Test
    void batchSizeIsOneToSixtyFour() {
        assertEquals(64, RecognizerOptions.defaults().withBatchSize(64).batchSize());
        for (int n : new int[] {0, -1, 65, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RecognizerOptions.defaults().withBatchSize(n));
            assertEquals("batch size must be 1 .. 64, got " + n, e.getMessage());
        }
    }
}
