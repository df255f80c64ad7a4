package org.ser4j.data.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ser4j.util.AtomicFiles;

/**
 * Speed benchmark of the generator (not a test): synthesises the default corpus in memory with 1 and with N threads
 * (after a warm-up run) and prints seconds of audio per wall-clock second. With {@code --out DIR} it also times a full
 * {@code corpus synth} run that writes the files.
 *
 * <p>Usage: {@code java -cp ser4j.jar org.ser4j.data.synth.SynthBenchmark [--utts N] [--threads 1,2] [--out DIR]
 * [--json FILE]}.
 */
public final class SynthBenchmark {
    private SynthBenchmark() {}

    /**
     * CPU time of the whole process (all threads, GC and JIT included). On a shared machine the wall clock measures
     * the other tenants too; audio seconds per CPU second is what the code itself costs.
     */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    public static void main(String[] args) throws IOException {
        int utts = 10;
        List<Integer> threads = List.of(1, Math.max(1, Runtime.getRuntime().availableProcessors()));
        Path out = null;
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--utts" -> utts = Integer.parseInt(args[++i]);
                case "--threads" -> threads = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--out" -> out = Path.of(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.version"));
        // Warm-up so that the JIT has compiled the inner loops before timing.
        new SynthCorpus(SynthOptions.defaults().withUtts(1).withThreads(threads.get(threads.size() - 1)))
                .synthesiseAll(null, false);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int t : threads) {
            SynthOptions o = SynthOptions.defaults().withUtts(utts).withThreads(t);
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            List<SynthesisedUtterance> us = new SynthCorpus(o).synthesiseAll(null, false);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            double audio = us.stream().mapToDouble(u -> u.row().durationS()).sum();
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("mode", "in_memory");
            run.put("threads", t);
            run.put("utterances", us.size());
            run.put("audio_seconds", audio);
            run.put("wall_seconds", wall);
            run.put("real_time_factor", audio / wall);
            run.put("process_cpu_seconds", cpu);
            run.put("audio_seconds_per_cpu_second", audio / cpu);
            runs.add(run);
            System.out.printf(Locale.ROOT, "in memory, %d thread(s): %d utterances, %.1f s audio in %.2f s = %.0fx real time"
                    + " (%.1f s CPU: %.0f s of audio per CPU second)%n", t, us.size(), audio, wall, audio / wall, cpu,
                    audio / cpu);
        }
        if (out != null) {
            int t = threads.get(threads.size() - 1);
            SynthCorpusWriter.Summary s = SynthCorpusWriter.write(SynthOptions.defaults().withUtts(utts).withThreads(t), out,
                    false);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("mode", "write_files");
            run.put("threads", t);
            run.put("utterances", s.utterances());
            run.put("audio_seconds", s.audioSeconds());
            run.put("wall_seconds", s.wallSeconds());
            run.put("real_time_factor", s.realTimeFactor());
            runs.add(run);
            System.out.printf(Locale.ROOT, "writing files, %d thread(s): %d utterances, %.1f s audio in %.2f s = %.0fx real time%n",
                    t, s.utterances(), s.audioSeconds(), s.wallSeconds(), s.realTimeFactor());
        }
        result.put("runs", runs);
        String text = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
        System.out.println(text);
        if (json != null) {
            AtomicFiles.writeString(json, text + "\n");
        }
    }
}
