package org.ser4j.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Times one case: a warm-up call (reported apart: it pays for session set-up and first allocations), then
 * {@code repeats} measured calls, all under one {@link MemoryProbe}.
 */
final class CaseTimer {
    /** A call that may throw. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    /** What one case measured. */
    record Measured(double firstCallSeconds, TimingStats timing, MemoryPeak memory) {}

    private CaseTimer() {}

    static Measured time(int repeats, Call call) throws Exception {
        settle();
        MemoryProbe probe = MemoryProbe.start();
        try {
            long t0 = System.nanoTime();
            call.run();
            double first = (System.nanoTime() - t0) / 1e9;
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                long s = System.nanoTime();
                call.run();
                times.add((System.nanoTime() - s) / 1e9);
            }
            return new Measured(first, new TimingStats(times), probe.stop());
        } finally {
            probe.close();
        }
    }

    /**
     * Lets the previous case's tensors go before the next peak is taken: ND4J frees off-heap buffers when their
     * Java owners are collected.
     */
    static void settle() {
        System.gc();
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.gc();
    }
}
