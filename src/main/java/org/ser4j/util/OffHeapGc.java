package org.ser4j.util;

import org.bytedeco.javacpp.Pointer;

/**
 * Frees garbage tensors between training steps, before JavaCPP's physical-bytes limit forces it in the middle of one.
 *
 * <p>WHY: ND4J's off-heap buffers that nobody closes are freed only when the Java GC finalises their owners, and the
 * heap of a ser4j process is nearly empty, so the GC runs when JavaCPP's limit ({@code maxPhysicalBytes}) is reached.
 * At the limit every allocation calls {@code System.gc()}, sleeps and {@code malloc_trim}s, and the trimmed pages
 * fault back in. Measured on hubert-large, 1 x 4 s, one thread, with the launcher's limit on a 23 GiB machine
 * (19 GiB): steps of 28-29 s without this, 13.4-15.9 s with one {@code System.gc()} (60-90 ms) after each step; the
 * process then stays at ~16 GiB, below the limit, and reuses the freed memory. Tiny models never get near the
 * threshold, so they pay nothing.
 */
public final class OffHeapGc {
    /** Share of {@code maxPhysicalBytes} above which a step ends with a GC. */
    public static final double THRESHOLD = 0.5;

    private OffHeapGc() {}

    /** Runs the GC when the process's physical memory is above {@link #THRESHOLD} of JavaCPP's limit. */
    public static boolean afterStep() {
        if (!shouldCollect(Pointer.physicalBytes(), Pointer.maxPhysicalBytes())) {
            return false;
        }
        System.gc();
        return true;
    }

    /** The decision of {@link #afterStep}: a limit is set and the process is above the threshold of it. */
    static boolean shouldCollect(long physicalBytes, long maxPhysicalBytes) {
        return maxPhysicalBytes > 0 && physicalBytes > THRESHOLD * maxPhysicalBytes;
    }
}
