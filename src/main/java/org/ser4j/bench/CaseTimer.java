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

    /**
     * What one case measured. {@code cpu} is the process CPU time of each measured call (all threads): on a shared
     * machine it moves less than the wall time, and cpu / wall shows how many cores the call kept busy.
     */
    record Measured(double firstCallSeconds, TimingStats timing, TimingStats cpu, MemoryPeak memory) {}

    private CaseTimer() {}

    static Measured time(int repeats, Call call) throws Exception {
        settle();
        MemoryProbe probe = MemoryProbe.start();
        try {
            long t0 = System.nanoTime();
            call.run();
            double first = (System.nanoTime() - t0) / 1e9;
            List<Double> times = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                long c = processCpuNanos();
                long s = System.nanoTime();
                call.run();
                times.add((System.nanoTime() - s) / 1e9);
                cpu.add((processCpuNanos() - c) / 1e9);
            }
            return new Measured(first, new TimingStats(times), new TimingStats(cpu), probe.stop());
        } finally {
            probe.close();
        }
    }

    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
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
