package org.ser4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ser4j.data.synth.SynthCorpus;
import org.ser4j.data.synth.SynthCorpusWriter;
import org.ser4j.data.synth.SynthOptions;
import org.ser4j.data.synth.SynthesisedUtterance;
import org.ser4j.util.AtomicFiles;

/**
 * The {@code synth} cases of {@code ser4j bench}: the synthetic-corpus generator in memory with 1 and with all
 * threads, and writing the corpus's files with all threads, in seconds of audio per wall-clock second and per process
 * CPU second (on a shared machine the wall clock measures the other tenants too). One small run first lets the JIT
 * compile the inner loops.
 */
final class SynthBench {
    private SynthBench() {}

    static List<BenchEntry> run(boolean quick, int repeats) {
        int utts = quick ? 1 : 10;
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        List<Integer> threadCounts = cores > 1 ? List.of(1, cores) : List.of(1);
        List<BenchEntry> out = new ArrayList<>();
        new SynthCorpus(SynthOptions.defaults().withUtts(1).withThreads(cores)).synthesiseAll(null, false);
        for (int t : threadCounts) {
            SynthOptions o = SynthOptions.defaults().withUtts(utts).withThreads(t);
            String id = "synth.in_memory.threads_" + t;
            Map<String, Object> cfg = config(utts, t, "synthesise every utterance in memory, no files");
            try {
                out.add(timed(id, cfg, repeats, () -> {
                    List<SynthesisedUtterance> us = new SynthCorpus(o).synthesiseAll(null, false);
                    return new double[] {us.size(), us.stream().mapToDouble(u -> u.row().durationS()).sum()};
                }));
            } catch (Exception | OutOfMemoryError e) {
                out.add(BenchEntry.failed(id, "synth", "java", cfg, e));
            }
        }
        int t = threadCounts.get(threadCounts.size() - 1);
        String id = "synth.write_files.threads_" + t;
        Map<String, Object> cfg = config(utts, t, "corpus synth into a temporary folder: WAVs, manifest.csv, params.csv");
        try {
            Path tmp = Files.createTempDirectory("ser4j-synth-bench");
            try {
                SynthOptions o = SynthOptions.defaults().withUtts(utts).withThreads(t);
                out.add(timed(id, cfg, repeats, () -> {
                    AtomicFiles.deleteTree(tmp.resolve("corpus"));
                    SynthCorpusWriter.Summary s = SynthCorpusWriter.write(o, tmp.resolve("corpus"), false);
                    return new double[] {s.utterances(), s.audioSeconds()};
                }));
            } finally {
                AtomicFiles.deleteTree(tmp);
            }
        } catch (Exception | OutOfMemoryError e) {
            out.add(BenchEntry.failed(id, "synth", "java", cfg, e));
        }
        return out;
    }

    private static Map<String, Object> config(int utts, int threads, String work) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("utts_per_speaker_emotion", utts);
        cfg.put("threads", threads);
        cfg.put("work", work);
        return cfg;
    }

    /** A call that returns {utterances, audio seconds}. */
    @FunctionalInterface
    private interface Run {
        double[] call() throws Exception;
    }

    private static BenchEntry timed(String id, Map<String, Object> cfg, int repeats, Run run) throws Exception {
        CaseTimer.settle();
        MemoryProbe probe = MemoryProbe.start();
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        double[] last = null;
        try {
            for (int i = 0; i < repeats; i++) {
                long c = CaseTimer.processCpuNanos();
                long s = System.nanoTime();
                last = run.call();
                wall.add((System.nanoTime() - s) / 1e9);
                cpu.add((CaseTimer.processCpuNanos() - c) / 1e9);
            }
        } finally {
            probe.close();
        }
        MemoryPeak mem = probe.stop();
        TimingStats timing = new TimingStats(wall);
        TimingStats cpuStats = new TimingStats(cpu);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("utterances", (int) last[0]);
        extra.put("audio_seconds", last[1]);
        extra.put("real_time_factor_median", last[1] / timing.median());
        extra.put("process_cpu_seconds", cpuStats.toJson());
        extra.put("audio_seconds_per_cpu_second_median", last[1] / cpuStats.median());
        return new BenchEntry(id, "synth", "java", BenchEntry.OK, cfg, timing, null, mem, extra,
                "seconds = whole runs after one small warm-up run; no separate first call");
    }
}
