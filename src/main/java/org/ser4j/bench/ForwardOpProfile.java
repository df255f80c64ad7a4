package org.ser4j.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ser4j.nn.hubert.HubertConfig;

/**
 * Developer tool, not a test: the hubert-large (or base/tiny) SameDiff forward timed by process CPU seconds, then
 * profiled per op type (every type, with call counts), printed to stdout. Run with one thread
 * ({@code OMP_NUM_THREADS=1}) to compare with {@code experiments/bench/torch_profile.py}.
 *
 * <pre>java -cp ser4j-cli.jar org.ser4j.bench.ForwardOpProfile [large|base] BATCH SECONDS RUNS</pre>
 */
public final class ForwardOpProfile {
    private ForwardOpProfile() {}

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "large";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 4.0;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        HubertConfig cfg = "base".equals(which) ? HubertConfig.base() : HubertConfig.large();
        SameDiffForward.Prepared p = (SameDiffForward.Prepared) new SameDiffForward().prepare(cfg, 1L);
        p.setInput(Waveforms.noise(batch, seconds, 7L));
        var bean = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        p.run();
        for (int r = 0; r < runs; r++) {
            long c0 = bean.getProcessCpuTime();
            long w0 = System.nanoTime();
            p.run();
            System.out.printf("plain run %d: wall %.3f s, cpu %.3f s%n", r, (System.nanoTime() - w0) / 1e9,
                    (bean.getProcessCpuTime() - c0) / 1e9);
        }
        OpProfiler prof = new OpProfiler(cfg.framesFor((int) Math.round(seconds * 16000)));
        long c0 = bean.getProcessCpuTime();
        long w0 = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            p.runWith(prof);
        }
        double wall = (System.nanoTime() - w0) / 1e9 / runs;
        double cpu = (bean.getProcessCpuTime() - c0) / 1e9 / runs;
        double total = 0;
        Map<String, double[]> sorted = new LinkedHashMap<>();
        prof.secondsAndCallsByOpType().entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        for (double[] v : sorted.values()) {
            total += v[0] / runs;
        }
        System.out.printf("profiled: wall %.3f s, cpu %.3f s per run, op time %.3f s, outside ops %.3f s%n", wall, cpu,
                total, wall - total);
        for (Map.Entry<String, double[]> e : sorted.entrySet()) {
            System.out.printf("  %-28s %8.4f s %6d calls%n", e.getKey(), e.getValue()[0] / runs,
                    (long) (e.getValue()[1] / runs));
        }
        System.out.println("by op type and output shape (top 40):");
        prof.secondsAndCallsByOpTypeAndShape().entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
                .limit(40).forEach(e -> System.out.printf("  %-48s %8.4f s %6d calls%n", e.getKey(),
                        e.getValue()[0] / runs, (long) (e.getValue()[1] / runs)));
    }
}
