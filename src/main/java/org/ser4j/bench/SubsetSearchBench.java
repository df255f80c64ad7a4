package org.ser4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ser4j.eval.AlignedPredictions;
import org.ser4j.eval.ConfusionMatrix;
import org.ser4j.eval.PredictionTable;
import org.ser4j.eval.RunLayout;
import org.ser4j.fusion.CombinationRule;
import org.ser4j.fusion.ScoreTable;
import org.ser4j.fusion.SubsetScore;
import org.ser4j.fusion.SubsetSearch;

/**
 * The {@code fusion} cases of {@code ser4j bench}: the paper's 30C9 late-combination search over 30 simulated
 * systems (10 vanilla, 10 MTL, 10 DANN) on an IEMOCAP-sized test set (5,531 utterances, 4 classes). Two kinds of systems ({@link Data}): {@code realistic}, correlated like trained systems (they agree on most
 * utterances, about 74 % UAR each), which is what the speed target is about; and {@code independent}, the adversarial
 * case of systems as accurate but with independent errors, where fusion decides far fewer utterances early.
 * CPU time is reported next to wall time because the machine may be shared: {@code search_cpu_seconds_all_threads}
 * sums every thread, {@code search_cpu_seconds_critical} is the root sweep plus the busiest worker (the wall time
 * with one free core per thread).
 */
final class SubsetSearchBench {
    private SubsetSearchBench() {}

    /** What the fixture systems look like. */
    enum Data {
        /** Errors shared across systems (hard utterances are hard for all, more so within a mode), as trained. */
        REALISTIC,
        /** The same single-system accuracy, but each system's noise is its own: the worst case for the search. */
        INDEPENDENT;

        SimulatedSystems.Noise noise() {
            SimulatedSystems.Noise p = SimulatedSystems.Noise.paperLike();
            if (this == REALISTIC) {
                return p;
            }
            double total = Math.sqrt(p.utterance() * p.utterance() + p.mode() * p.mode() + p.system() * p.system());
            return new SimulatedSystems.Noise(p.truthBonus(), 0, 0, total);
        }
    }

    /**
     * Writes {@code perMode} fixture systems for each of vanilla, MTL and DANN on the IEMOCAP-sized test set into a
     * temporary folder, times loading, preparation and the exact best-subset search of size {@code k}
     * (3 x 10 systems and k = 9 is the paper's 30C9), deletes the folder and returns the figures by name. The search runs {@code repeats} times on
     * the same prepared table; every wall time is in {@code search_seconds_runs} ({@code search_seconds} is the first).
     */
    static Map<String, Object> measure(int perMode, int k, int threads, int repeats) throws IOException {
        return measure(perMode, k, threads, repeats, Data.REALISTIC);
    }

    /** As {@link #measure(int, int, int, int)} on the given kind of systems. */
    static Map<String, Object> measure(int perMode, int k, int threads, int repeats, Data data)
            throws IOException {
        Path runs = Files.createTempDirectory("ser4j-bench");
        try {
            return measureIn(runs, perMode, k, threads, Math.max(1, repeats), data);
        } finally {
            try (var walk = Files.walk(runs)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Map<String, Object> measureIn(Path runs, int perMode, int k, int threads, int repeats, Data data)
            throws IOException {
        long t0 = System.nanoTime();
        List<Path> dirs = SimulatedSystems.write(runs, "bench", List.of("vanilla", "mtl", "dann"), perMode,
                SimulatedSystems.iemocapLike(7), data.noise(), 2023);
        long t1 = System.nanoTime();
        List<String> names = new ArrayList<>();
        List<PredictionTable> tables = new ArrayList<>();
        for (Path d : dirs) {
            names.add(runs.relativize(d).toString());
            tables.add(PredictionTable.read(d.resolve(RunLayout.PREDICTIONS)));
        }
        AlignedPredictions aligned = AlignedPredictions.of(names, tables, "test");
        ScoreTable scores = ScoreTable.of(aligned, CombinationRule.SUM_LOGITS);
        long t2 = System.nanoTime();
        SubsetSearch search = new SubsetSearch(scores);
        long t3 = System.nanoTime();
        SubsetSearch.Result r = search.run(k, 20, threads);
        long t4 = System.nanoTime();
        List<Double> searchRuns = new ArrayList<>(List.of((t4 - t3) / 1e9));
        List<Double> cpuRuns = new ArrayList<>(List.of(r.stats().cpuSeconds()));
        List<Double> criticalRuns = new ArrayList<>(List.of(r.stats().criticalCpuSeconds()));
        for (int i = 1; i < repeats; i++) {
            long s0 = System.nanoTime();
            SubsetSearch.Result again = search.run(k, 20, threads);
            searchRuns.add((System.nanoTime() - s0) / 1e9);
            cpuRuns.add(again.stats().cpuSeconds());
            criticalRuns.add(again.stats().criticalCpuSeconds());
        }
        SubsetScore best = r.best().get(0);
        ConfusionMatrix cm = scores.confusion(best.members());
        double single = 0;
        for (int s = 0; s < scores.systems(); s++) {
            single += scores.confusion(new int[] {s}).uar();
        }
        single /= scores.systems();
        double agreement = meanPairwiseAgreement(scores);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", data.name().toLowerCase(java.util.Locale.ROOT));
        json.put("systems", scores.systems());
        json.put("k", k);
        json.put("subsets", r.stats().subsets());
        json.put("utterances", scores.utterances());
        json.put("threads", threads);
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("fixture_seconds", (t1 - t0) / 1e9);
        json.put("load_seconds", (t2 - t1) / 1e9);
        json.put("prepare_seconds", (t3 - t2) / 1e9);
        json.put("search_seconds", (t4 - t3) / 1e9);
        json.put("search_seconds_runs", searchRuns);
        json.put("search_cpu_seconds_all_threads", r.stats().cpuSeconds());
        json.put("search_cpu_seconds_critical", r.stats().criticalCpuSeconds());
        json.put("search_cpu_seconds_all_threads_runs", cpuRuns);
        json.put("search_cpu_seconds_critical_runs", criticalRuns);
        json.put("long_fallback", r.stats().longFallback());
        json.put("root_undecided_utterances", r.stats().rootUndecided());
        json.put("leaf_utterance_scans", r.stats().leafScans());
        json.put("descend_utterance_scans", r.stats().descendScans());
        json.put("pruned_nodes", r.stats().prunedNodes());
        json.put("mean_single_uar", single);
        json.put("mean_pairwise_agreement", agreement);
        json.put("subsets_per_second_critical_cpu", r.stats().subsets() / r.stats().criticalCpuSeconds());
        json.put("subsets_per_second_wall", r.stats().subsets() / ((t4 - t3) / 1e9));
        json.put("best_members", best.members());
        json.put("best_uar", cm.uar());
        json.put("best_war", cm.war());
        return json;
    }

    /** How often two systems predict the same class, averaged over pairs: the systems' correlation in one number. */
    static double meanPairwiseAgreement(ScoreTable scores) {
        int n = scores.systems();
        int[][] pred = new int[n][];
        for (int s = 0; s < n; s++) {
            pred[s] = scores.predict(new int[] {s});
        }
        long same = 0;
        long pairs = 0;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                for (int i = 0; i < pred[a].length; i++) {
                    same += pred[a][i] == pred[b][i] ? 1 : 0;
                }
                pairs++;
            }
        }
        return pairs == 0 ? 1 : (double) same / (pairs * scores.utterances());
    }
}
