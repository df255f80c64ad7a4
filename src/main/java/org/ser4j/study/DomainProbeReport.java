package org.ser4j.study;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ser4j.config.ExperimentConfig;
import org.ser4j.config.Mode;
import org.ser4j.eval.RunLayout;
import org.ser4j.eval.SystemInfo;
import org.ser4j.train.DomainProbe;
import org.ser4j.train.ExperimentRun;

/**
 * The check that DANN removes domain information: a linear domain probe on each trained system's pooled FE
 * outputs ({@code embeddings/}, written when {@code train.embeddings: true}), per trial and fold, for every mode of
 * the experiment, next to the system's emotion test UAR per fold (from {@code system.json}, step selected as the
 * experiment says). When both MTL and DANN systems exist, the last lines pair them fold by fold: how many (trial,
 * fold) pairs have the lower probe accuracy under DANN, and the mean difference. Run by {@code ser4j study
 * domain-probe} ({@link DomainProbeCommand}) with the experiment's YAML and the training run's overrides, so that the
 * run folders resolve the same.
 */
public final class DomainProbeReport {
    private DomainProbeReport() {}

    /** Prints the report of every mode of {@code run} to {@code out}. */
    public static void report(ExperimentRun run, PrintStream out) throws java.io.IOException {
        ExperimentConfig cfg = run.experiment().config();
        Map<String, Integer> domains = DomainProbe.domains(run.data(), cfg.data().domains());
        out.printf(Locale.ROOT, "domain probe (linear, test speakers unseen, chance ~%.2f) on pooled FE outputs%n",
                1.0 / cfg.data().domains().size());
        Map<Mode, Map<String, Double>> probeByMode = new LinkedHashMap<>();
        for (Mode mode : cfg.modes()) {
            Map<String, Double> probes = new LinkedHashMap<>();
            List<Double> uars = new ArrayList<>();
            for (int trial = 1; trial <= cfg.trials(); trial++) {
                Path sys = run.systemDir(mode, trial);
                Map<Integer, Double> acc = probe(run, domains, mode, trial);
                if (acc == null) {
                    continue;
                }
                Map<Integer, Double> uar = new LinkedHashMap<>();
                SystemInfo info = Files.isRegularFile(sys.resolve(RunLayout.SYSTEM))
                        ? SystemInfo.read(sys.resolve(RunLayout.SYSTEM)) : null;
                if (info != null && info.results() != null) {
                    for (SystemInfo.FoldResult f : info.results().folds()) {
                        uar.put(f.fold(), f.testUar());
                    }
                }
                StringBuilder line = new StringBuilder();
                for (Map.Entry<Integer, Double> e : acc.entrySet()) {
                    probes.put(trial + "/" + e.getKey(), e.getValue());
                    Double u = uar.get(e.getKey());
                    if (u != null) {
                        uars.add(u);
                    }
                    line.append(String.format(Locale.ROOT, "  fold %d probe %.3f UAR %s", e.getKey(), e.getValue(),
                            u == null ? "-" : String.format(Locale.ROOT, "%.3f", u)));
                }
                out.printf(Locale.ROOT, "%-8s trial %d:%s%n", mode, trial, line);
            }
            if (probes.isEmpty()) {
                out.printf("%-8s no embeddings under %s%n", mode, run.systemDir(mode, 1).getParent());
                continue;
            }
            probeByMode.put(mode, probes);
            out.printf(Locale.ROOT, "%-8s mean probe accuracy %.3f over %d folds; mean emotion test UAR %.3f%n",
                    mode, mean(probes.values()), probes.size(), mean(uars));
        }
        Map<String, Double> mtl = probeByMode.get(Mode.MTL);
        Map<String, Double> dann = probeByMode.get(Mode.DANN);
        if (mtl != null && dann != null) {
            int pairs = 0;
            int lower = 0;
            double diff = 0;
            for (Map.Entry<String, Double> e : dann.entrySet()) {
                Double m = mtl.get(e.getKey());
                if (m != null) {
                    pairs++;
                    diff += e.getValue() - m;
                    if (e.getValue() < m) {
                        lower++;
                    }
                }
            }
            out.printf(Locale.ROOT, "DANN below MTL in %d of %d (trial, fold) pairs; mean DANN - MTL %+.3f%n",
                    lower, pairs, pairs == 0 ? Double.NaN : diff / pairs);
        }
    }

    /**
     * Probe accuracy per fold of system (mode, trial) of the run; null when the system has no {@code embeddings/}
     * (written when {@code train.embeddings: true}).
     *
     * @param domains utterance id -> domain index ({@link DomainProbe#domains})
     */
    public static Map<Integer, Double> probe(ExperimentRun run, Map<String, Integer> domains, Mode mode, int trial)
            throws java.io.IOException {
        Path sys = run.systemDir(mode, trial);
        if (!Files.isDirectory(sys.resolve(RunLayout.EMBEDDINGS))) {
            return null;
        }
        return DomainProbe.probeSystem(sys, domains, run.experiment().config().data().domains().size());
    }

    /**
     * The probe of every trial of {@code mode} that has embeddings: fold -> accuracy of each trial (in trial order).
     * Empty when no trial has embeddings.
     */
    public static Map<Integer, List<Double>> probeTrials(ExperimentRun run, Mode mode) throws java.io.IOException {
        ExperimentConfig cfg = run.experiment().config();
        Map<String, Integer> domains = DomainProbe.domains(run.data(), cfg.data().domains());
        Map<Integer, List<Double>> out = new java.util.TreeMap<>();
        for (int trial = 1; trial <= cfg.trials(); trial++) {
            Map<Integer, Double> acc = probe(run, domains, mode, trial);
            if (acc != null) {
                acc.forEach((fold, a) -> out.computeIfAbsent(fold, k -> new ArrayList<>()).add(a));
            }
        }
        return out;
    }

    private static double mean(Iterable<Double> xs) {
        double s = 0;
        int n = 0;
        for (double x : xs) {
            s += x;
            n++;
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
