package org.ser4j.app.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.ser4j.config.Mode;
import org.ser4j.eval.RunLayout;
import org.ser4j.eval.StepSelection;
import org.ser4j.eval.SystemInfo;
import org.ser4j.fusion.FusionEntry;
import org.ser4j.fusion.FusionResult;
import org.ser4j.util.AtomicFiles;

/**
 * The one-screen headline of a demo run, written to {@code summary.md} and {@code summary.json} in the work folder and
 * printed: pooled test UAR of every (experiment, mode) over its trials with the step selected on test (the paper's
 * optimistic protocol) and on dev speakers, the MFCC baseline on the same folds, late fusion under the oracle and the
 * nested protocol against the best single mode of the fused pool, and the MTL-vs-DANN domain probe per fold. JSON
 * figures are fractions.
 */
final class DemoSummary {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The bar: fusion must beat the best single mode's mean by this much (fraction). */
    static final double FUSION_GAIN = 0.02;
    /** The bar: DANN's probe accuracy below MTL's in at least this many folds (of 5). */
    static final int PROBE_FOLDS_NEEDED = 4;

    /**
     * Pooled test UAR of each trial of one (experiment, mode): {@code uars} with the step selected on test (the
     * paper's protocol, optimistic), {@code devUars} with it selected on dev speakers (null entries where a trial has
     * no dev selection, e.g. no dev split).
     */
    record ModeRow(String experiment, Mode mode, List<Double> uars, List<Double> devUars, boolean fused) {
        double mean() {
            return mean(uars);
        }

        double sd() {
            return sd(uars);
        }

        double max() {
            return uars.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        /** Mean dev-selected UAR over the trials that have one; null when none has. */
        Double devMean() {
            List<Double> d = devValues();
            return d.isEmpty() ? null : mean(d);
        }

        Double devSd() {
            List<Double> d = devValues();
            return d.isEmpty() ? null : sd(d);
        }

        private List<Double> devValues() {
            return devUars.stream().filter(Objects::nonNull).toList();
        }

        String name() {
            return experiment + "/" + mode;
        }

        private static double mean(List<Double> xs) {
            return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        private static double sd(List<Double> xs) {
            double m = mean(xs);
            if (xs.size() < 2) {
                return 0;
            }
            double s = 0;
            for (double u : xs) {
                s += (u - m) * (u - m);
            }
            return Math.sqrt(s / (xs.size() - 1));
        }
    }

    /** The MFCC + logistic-regression baseline on the folds of {@code experiment}. */
    record Baseline(String experiment, DemoBaseline.Result result) {}

    /** Domain-probe accuracy of one fold, MTL and DANN each the mean over {@code trials} trials. */
    record ProbeFold(int fold, double mtl, double dann, int trials) {}

    /** The domain probe of {@code experiment}'s MTL and DANN systems; chance is 1 / domains. */
    record Probe(String experiment, int domains, List<ProbeFold> folds) {
        long dannBelow() {
            return folds.stream().filter(f -> f.dann() < f.mtl()).count();
        }

        /** The check: DANN below MTL in at least 4 of 5 folds (scaled to the folds there are). */
        boolean holds() {
            return !folds.isEmpty() && dannBelow() >= Math.ceil(PROBE_FOLDS_NEEDED / 5.0 * folds.size());
        }
    }

    /** What the demo measured beyond the per-mode table; any part may be null when it could not be computed. */
    record Extras(Baseline baseline, FusionResult oracle, FusionResult nested, Probe probe, Integer devSpeakers) {}

    private DemoSummary() {}

    static List<ModeRow> rows(List<SystemTask> tasks, java.util.Set<String> fusedExperiments) throws IOException {
        Map<String, ModeRow> rows = new LinkedHashMap<>();
        for (SystemTask t : tasks) {
            Path sys = t.dir().resolve(RunLayout.SYSTEM);
            if (!Files.isRegularFile(sys)) {
                continue;
            }
            SystemInfo info = SystemInfo.read(sys);
            ModeRow r = rows.computeIfAbsent(t.experiment() + "/" + t.mode(),
                    k -> new ModeRow(t.experiment(), t.mode(), new ArrayList<>(), new ArrayList<>(),
                            fusedExperiments.contains(t.experiment())));
            StepSelection.Result onTest = info.selection().equals("test") ? null
                    : StepSelection.of(t.dir(), t.folds(), "test");
            r.uars().add(onTest != null ? onTest.pooledUar()
                    : info.results() == null ? Double.NaN : info.results().pooledTestUar());
            StepSelection.Result onDev = StepSelection.of(t.dir(), t.folds(), "dev");
            r.devUars().add(onDev == null ? null : onDev.pooledUar());
        }
        List<ModeRow> out = new ArrayList<>(rows.values());
        // paper order: single-corpus first, then the fused pool by mode
        out.sort(java.util.Comparator.comparing((ModeRow r) -> r.fused())
                .thenComparing(r -> r.mode().ordinal())
                .thenComparing(ModeRow::experiment));
        return out;
    }

    /** The fused-pool mode with the highest mean test-selected UAR (the comparison for fusion), or null. */
    static ModeRow bestFused(List<ModeRow> rows) {
        ModeRow best = null;
        for (ModeRow r : rows) {
            if (r.fused() && (best == null || r.mean() > best.mean())) {
                best = r;
            }
        }
        return best;
    }

    static String render(List<ModeRow> rows, Extras x, String header, String footer) {
        StringBuilder sb = new StringBuilder();
        sb.append(header).append('\n');
        sb.append(String.format(Locale.ROOT, "%-24s %-8s %9s %9s %6s %6s  %s%n", "", "", "test-sel", "dev-sel", "", "",
                ""));
        sb.append(String.format(Locale.ROOT, "%-24s %-8s %9s %9s %6s %6s  %s%n", "experiment", "mode", "UAR %",
                "UAR %", "sd", "max", "trials"));
        for (ModeRow r : rows) {
            Double dev = r.devMean();
            sb.append(String.format(Locale.ROOT, "%-24s %-8s %9.2f %9s %6.2f %6.2f  %d%n", r.experiment(), r.mode(),
                    100 * r.mean(), dev == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * dev), 100 * r.sd(),
                    100 * r.max(), r.uars().size()));
        }
        if (x.baseline() != null) {
            DemoBaseline.Result b = x.baseline().result();
            sb.append(String.format(Locale.ROOT, "%-24s %-8s %9.2f %9.2f %6s %6s  %s%n", "MFCC+LR baseline", "-",
                    100 * b.pooledUar(), 100 * b.pooledUar(), "-", "-", "folds of " + x.baseline().experiment()));
        }
        sb.append("test-sel: step chosen on each fold's test UAR (the paper's protocol, optimistic); dev-sel: chosen on "
                + (x.devSpeakers() == null || x.devSpeakers() == 0 ? "dev speakers (none held out: '-')"
                : x.devSpeakers() + " held-out training speaker(s) per corpus language (dev)")
                + "; the baseline has no step to select\n");
        ModeRow best = bestFused(rows);
        FusionResult oracle = x.oracle();
        if (oracle != null && !oracle.top().isEmpty()) {
            FusionEntry f = oracle.top().get(0);
            sb.append(String.format(Locale.ROOT, "late fusion: best %d of %d systems (%s, protocol %s%s): UAR %.2f  "
                            + "WAR %.2f%n  members: %s%n", f.k(), oracle.systems().size(), oracle.rule(),
                    oracle.protocol(), oracle.optimistic() ? ", oracle" : "", 100 * f.uar(), 100 * f.war(),
                    f.composition()));
        }
        if (x.nested() != null && x.nested().nested() != null) {
            FusionResult.Heldout h = x.nested().nested();
            sb.append(String.format(Locale.ROOT, "late fusion, nested protocol (each fold's subset chosen on the other "
                    + "folds): UAR %.2f  WAR %.2f  (mean of folds %.2f)%n", 100 * h.uar(), 100 * h.war(),
                    100 * h.meanOfFoldsUar()));
        }
        if (best != null && (oracleUar(x) != null || nestedUar(x) != null)) {
            sb.append(String.format(Locale.ROOT, "best single mode: %s mean UAR %.2f -> late fusion %s (issue: >= %+.0f "
                    + "points)%n", best.name(), 100 * best.mean(), gains(x, best.mean()), 100 * FUSION_GAIN));
        }
        Probe p = x.probe();
        if (p != null && !p.folds().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "domain probe (%s, linear, language x gender, %d classes, chance %.2f; "
                    + "trained on each fold's training speakers, scored on its test speakers; mean over trials):%n",
                    p.experiment(), p.domains(), 1.0 / p.domains()));
            sb.append(String.format(Locale.ROOT, "  %-5s %7s %7s %9s  %s%n", "fold", "MTL", "DANN", "DANN-MTL",
                    "trials"));
            for (ProbeFold f : p.folds()) {
                sb.append(String.format(Locale.ROOT, "  %-5d %7.3f %7.3f %+9.3f  %d%n", f.fold(), f.mtl(), f.dann(),
                        f.dann() - f.mtl(), f.trials()));
            }
            sb.append(String.format(Locale.ROOT, "  DANN below MTL in %d of %d folds: %s%n", p.dannBelow(),
                    p.folds().size(), p.holds() ? "DANN's FE output carries less domain information, as expected"
                            : "FEWER than " + PROBE_FOLDS_NEEDED + " of 5 - this run does NOT show DANN removing "
                            + "domain information"));
        } else if (p != null) {
            sb.append("domain probe: no MTL/DANN embeddings found\n");
        }
        sb.append(footer).append('\n');
        return sb.toString();
    }

    private static String gains(Extras x, double bestMean) {
        List<String> parts = new ArrayList<>();
        Double o = oracleUar(x);
        Double n = nestedUar(x);
        if (o != null) {
            parts.add(String.format(Locale.ROOT, "oracle %+.2f points (%s)", 100 * (o - bestMean),
                    o - bestMean >= FUSION_GAIN ? "meets" : "does NOT meet"));
        }
        if (n != null) {
            parts.add(String.format(Locale.ROOT, "nested %+.2f points (%s)", 100 * (n - bestMean),
                    n - bestMean >= FUSION_GAIN ? "meets" : "does NOT meet"));
        }
        return String.join(", ", parts);
    }

    private static Double oracleUar(Extras x) {
        return x.oracle() == null || x.oracle().top().isEmpty() ? null : x.oracle().top().get(0).uar();
    }

    private static Double nestedUar(Extras x) {
        return x.nested() == null || x.nested().nested() == null ? null : x.nested().nested().uar();
    }

    /**
     * @param lateFusion the fusion of the settings' protocol ({@code late_fusion}, the field the demo always had)
     */
    static void write(Path work, String text, List<ModeRow> rows, Extras x, FusionResult lateFusion,
                      Map<String, Object> run) throws IOException {
        AtomicFiles.writeString(work.resolve("summary.md"), "```\n" + text + "```\n");
        AtomicFiles.writeString(work.resolve("summary.json"), JSON.writeValueAsString(json(rows, x, lateFusion, run))
                + "\n");
    }

    static Map<String, Object> json(List<ModeRow> rows, Extras x, FusionResult lateFusion, Map<String, Object> run) {
        Map<String, Object> j = new LinkedHashMap<>(run);
        List<Map<String, Object>> modes = new ArrayList<>();
        for (ModeRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("experiment", r.experiment());
            m.put("mode", r.mode().configName());
            m.put("in_fusion_pool", r.fused());
            m.put("trial_uars", r.uars());
            m.put("mean_uar", r.mean());
            m.put("sd_uar", r.sd());
            m.put("trial_uars_dev", r.devUars());
            m.put("mean_uar_dev", r.devMean());
            m.put("sd_uar_dev", r.devSd());
            modes.add(m);
        }
        j.put("modes", modes);
        j.put("selection", Map.of(
                "mean_uar", "step selected on each fold's test UAR (the paper's protocol, optimistic)",
                "mean_uar_dev", "step selected on the UAR of dev speakers held out of each fold's training speakers",
                "dev_speakers_per_corpus_language", x.devSpeakers() == null ? 0 : x.devSpeakers()));
        if (lateFusion != null && !lateFusion.top().isEmpty()) {
            FusionEntry f = lateFusion.top().get(0);
            Map<String, Object> fj = new LinkedHashMap<>();
            fj.put("k", f.k());
            fj.put("systems", lateFusion.systems().size());
            fj.put("protocol", lateFusion.protocol());
            fj.put("optimistic", lateFusion.optimistic());
            fj.put("uar", f.uar());
            fj.put("war", f.war());
            fj.put("composition", f.composition());
            j.put("late_fusion", fj);
        }
        if (x.baseline() != null) {
            DemoBaseline.Result b = x.baseline().result();
            Map<String, Object> bj = new LinkedHashMap<>();
            bj.put("uar", b.pooledUar());
            bj.put("fold_uars", b.foldUars());
            bj.put("experiment", x.baseline().experiment());
            bj.put("method", "40 MFCC means + SDs per utterance, standardised L2 softmax regression, trained on each "
                    + "fold's training speakers, pooled over the experiment's folds");
            bj.put("utterances", b.utterances());
            j.put("baseline", bj);
        }
        ModeRow best = bestFused(rows);
        Double o = oracleUar(x);
        Double n = nestedUar(x);
        if (o != null || n != null) {
            Map<String, Object> fj = new LinkedHashMap<>();
            if (o != null) {
                FusionEntry f = x.oracle().top().get(0);
                Map<String, Object> oj = new LinkedHashMap<>();
                oj.put("uar", f.uar());
                oj.put("war", f.war());
                oj.put("k", f.k());
                oj.put("systems", x.oracle().systems().size());
                oj.put("composition", f.composition());
                oj.put("note", x.oracle().selectionNote());
                fj.put("oracle", oj);
            }
            if (n != null) {
                FusionResult.Heldout h = x.nested().nested();
                Map<String, Object> nj = new LinkedHashMap<>();
                nj.put("uar", h.uar());
                nj.put("war", h.war());
                nj.put("mean_of_folds_uar", h.meanOfFoldsUar());
                nj.put("systems", x.nested().systems().size());
                nj.put("note", x.nested().selectionNote());
                fj.put("nested", nj);
            }
            if (best != null) {
                fj.put("best_mode", best.name());
                fj.put("best_mode_mean_uar", best.mean());
                fj.put("oracle_gain", o == null ? null : o - best.mean());
                fj.put("nested_gain", n == null ? null : n - best.mean());
                fj.put("required_gain", FUSION_GAIN);
            }
            j.put("fusion", fj);
        }
        Probe p = x.probe();
        if (p != null) {
            Map<String, Object> pj = new LinkedHashMap<>();
            pj.put("experiment", p.experiment());
            pj.put("chance", 1.0 / p.domains());
            List<Map<String, Object>> folds = new ArrayList<>();
            for (ProbeFold f : p.folds()) {
                Map<String, Object> fj = new LinkedHashMap<>();
                fj.put("fold", f.fold());
                fj.put("mtl", f.mtl());
                fj.put("dann", f.dann());
                fj.put("trials", f.trials());
                folds.add(fj);
            }
            pj.put("folds", folds);
            pj.put("dann_below_mtl_folds", p.dannBelow());
            pj.put("dann_below_mtl_in_4_of_5", p.holds());
            j.put("domain_probe", pj);
        }
        return j;
    }
}
