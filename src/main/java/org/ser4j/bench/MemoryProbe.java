package org.ser4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.javacpp.Pointer;

/**
 * Measures the peak memory of one case. At {@link #start()} it asks the kernel to reset the process's peak RSS
 * (writing {@code 5} to {@code /proc/self/clear_refs}, Linux 4.0+) so that VmHWM covers this case only, and starts a
 * daemon thread that samples JavaCPP's physical and tracked bytes and the used heap every 10 ms. ND4J keeps tensors
 * off-heap, so the heap alone would miss almost everything; the RSS is the figure comparable with PyTorch's.
 */
public final class MemoryProbe implements AutoCloseable {
    private static final double MIB = 1024.0 * 1024.0;
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private final Thread sampler;
    private final boolean resetWorked;
    private volatile boolean running = true;
    private volatile long peakPhysical;
    private volatile long peakTracked;
    private volatile long peakHeap;

    private MemoryProbe(boolean resetWorked) {
        this.resetWorked = resetWorked;
        this.sampler = new Thread(this::sampleLoop, "ser4j-bench-memory");
        this.sampler.setDaemon(true);
    }

    /** Resets the peak (when possible) and starts sampling. */
    public static MemoryProbe start() {
        MemoryProbe p = new MemoryProbe(resetPeakRss());
        p.sample();
        p.sampler.start();
        return p;
    }

    private void sampleLoop() {
        while (running) {
            sample();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        long phys = Pointer.physicalBytes();
        long tracked = Pointer.totalBytes();
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        if (phys > peakPhysical) {
            peakPhysical = phys;
        }
        if (tracked > peakTracked) {
            peakTracked = tracked;
        }
        if (heap > peakHeap) {
            peakHeap = heap;
        }
    }

    /** Stops sampling and returns the peaks. */
    public MemoryPeak stop() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        long hwmKib = statusKib("VmHWM:");
        return new MemoryPeak(hwmKib < 0 ? -1 : hwmKib / 1024.0, resetWorked && hwmKib >= 0, peakPhysical / MIB,
                peakTracked / MIB, Pointer.maxPhysicalBytes() / MIB, peakHeap / MIB);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    /** Asks the kernel to restart VmHWM from the current RSS; false where /proc is absent or read-only. */
    static boolean resetPeakRss() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A {@code kB} field of /proc/self/status, or -1. */
    static long statusKib(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
