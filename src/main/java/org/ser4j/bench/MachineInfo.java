package org.ser4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine a report was measured on: CPU model, cores, memory, OS, JVM, ND4J backend, OMP threads and the load
 * average when the bench started (a shared machine makes every figure indicative; the load says how shared).
 */
final class MachineInfo {
    private MachineInfo() {}

    static Map<String, Object> current() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu_model", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        long memKib = meminfoKib("MemTotal:");
        m.put("memory_total_gib", memKib < 0 ? null : memKib / 1048576.0);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
        m.put("nd4j_blas", String.valueOf(Nd4j.getBlasWrapper().getClass().getSimpleName()));
        m.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        m.put("max_heap_mib", Runtime.getRuntime().maxMemory() / 1048576.0);
        m.put("javacpp_max_bytes_mib", Pointer.maxBytes() / 1048576.0);
        m.put("javacpp_max_physical_bytes_mib", Pointer.maxPhysicalBytes() / 1048576.0);
        m.put("load_average_at_start", loadAverage());
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }

    private static long meminfoKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
