package org.ser4j.train;

import org.bytedeco.javacpp.Pointer;

/**
 * Frees garbage tensors between training steps, before JavaCPP's physical-bytes limit forces it in the middle of one.
 *
 * <p>WHY: ND4J's off-heap buffers that nobody closes are freed only when the Java GC finalises their owners, and the
 * heap of a ser4j process is nearly empty, so the GC runs when JavaCPP's limit ({@code maxPhysicalBytes}) is reached.
 * At the limit every allocation calls {@code System.gc()}, sleeps and {@code malloc_trim}s, and the trimmed pages
 * fault back in. Measured on hubert-large, 1 x 4 s, one thread, with the launcher's limit on a 23 GiB machine
 * (19 GiB): steps of 28-29 s without this, 12.7-15.6 s with one {@code System.gc()} (60-90 ms) after each step; the
 * process then stays at ~16 GiB, below the limit, and reuses the freed memory.
 *
 * <p>Two guards keep small models from paying for it: nothing happens below half of the limit, and GCs are spaced so
 * that they take at most 1/{@value #SPACING} of the wall time (a 30 ms demo step is not followed by a 50 ms GC).
 */
public final class OffHeapGc {
    /** Share of {@code maxPhysicalBytes} above which a step may end with a GC. */
    public static final double THRESHOLD = 0.5;
    /** A GC waits at least this many times the previous GC's duration after it ended. */
    public static final long SPACING = 20;

    private static long lastEnd;
    private static long lastDuration;

    private OffHeapGc() {}

    /** Runs the GC when {@link #shouldCollect} says so for this process now; true when it ran. */
    public static synchronized boolean afterStep() {
        long now = System.nanoTime();
        boolean first = lastEnd == 0;
        if (!shouldCollect(Pointer.physicalBytes(), Pointer.maxPhysicalBytes(), first ? Long.MAX_VALUE : now - lastEnd,
                lastDuration)) {
            return false;
        }
        System.gc();
        lastEnd = System.nanoTime();
        lastDuration = lastEnd - now;
        return true;
    }

    /**
     * @param sinceLastGcNanos time since the previous GC of this class ended
     * @param lastGcNanos      how long that GC took
     */
    static boolean shouldCollect(long physicalBytes, long maxPhysicalBytes, long sinceLastGcNanos, long lastGcNanos) {
        return maxPhysicalBytes > 0 && physicalBytes > THRESHOLD * maxPhysicalBytes
                && sinceLastGcNanos >= SPACING * lastGcNanos;
    }
}
