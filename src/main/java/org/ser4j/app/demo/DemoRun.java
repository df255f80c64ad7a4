package org.ser4j.app.demo;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ser4j.config.CorpusRef;
import org.ser4j.config.Mode;
import org.ser4j.eval.RunLayout;
import org.ser4j.fusion.CombinationRule;
import org.ser4j.fusion.FusionInputs;
import org.ser4j.fusion.FusionProtocol;
import org.ser4j.fusion.FusionResult;
import org.ser4j.fusion.FusionSettings;
import org.ser4j.fusion.FusionStudy;
import org.ser4j.fusion.FusionWriter;
import org.ser4j.provenance.GitInfo;
import org.ser4j.report.ReportBuilder;
import org.ser4j.report.ReportSettings;
import org.ser4j.study.DomainProbeReport;
import org.ser4j.train.DomainProbe;
import org.ser4j.train.ExperimentRun;

/**
 * The demo from start to end: corpus, systems on parallel workers, late fusion, report, headline. Shared by
 * {@code ser4j demo} and the IDE main.
 */
public final class DemoRun {
    private DemoRun() {}

    /**
     * @param home  project root: the settings' relative paths (experiments, encoder weights, work) resolve here
     * @param extra further {@code key=value} experiment overrides, applied after the settings' {@code set}
     * @return exit code: 0 when every system finished, 1 otherwise (what did finish is still fused and reported)
     */
    public static int run(Path home, DemoSettings s, List<String> extra, PrintStream out) throws Exception {
        return run(home, s, null, extra, out);
    }

    /**
     * @param corpusCsv a user's bilingual corpus CSV to run on instead of the synthetic corpus (null = synthetic)
     */
    public static int run(Path home, DemoSettings s, Path corpusCsv, List<String> extra, PrintStream out)
            throws Exception {
        long t0 = System.nanoTime();
        if (s.trials() < 3) {
            out.println("note: trials = " + s.trials() + " (< 3): fine for a quick check, too few for the paper's "
                    + "statistics");
        }
        Path work = home.resolve(s.work()).toAbsolutePath();
        DemoCorpus.Source corpus = corpusCsv != null ? DemoCorpus.fromCsv(work, corpusCsv, out)
                : DemoCorpus.ensure(work, s.corpus(), s.workers(), out);
        long tCorpus = System.nanoTime();

        DemoPlan plan = DemoPlan.build(home, work, s, corpus, extra);
        out.printf(Locale.ROOT, "plan: %d experiments, %d systems, %d fold runs on %d workers; encoder %s%n",
                plan.experiments.size(), plan.tasks.size(), plan.totalFolds(), s.workers(), plan.encoder);
        Map<SystemTask, Throwable> failures;
        int reused;
        try (DemoProgress progress = new DemoProgress(plan.tasks, out)) {
            reused = progress.reusedAtStart();
            failures = new ParallelSystems(plan.tasks).run(s.workers());
        }
        long tTrain = System.nanoTime();
        for (Map.Entry<SystemTask, Throwable> f : failures.entrySet()) {
            out.println("FAILED " + f.getKey().name() + ": " + f.getValue());
        }

        // late fusion over the systems that test on every corpus (multi-corpus + fake-domain)
        Set<String> pooled = new LinkedHashSet<>();
        for (ExperimentRun r : plan.experiments) {
            if (r.experiment().config().data().corpora().stream().allMatch(c -> languagesOf(c) == null)) {
                pooled.add(r.experiment().config().name());
            }
        }
        List<Path> fusedDirs = new ArrayList<>();
        for (SystemTask t : plan.tasks) {
            if (pooled.contains(t.experiment()) && Files.isRegularFile(t.dir().resolve(RunLayout.SYSTEM))) {
                fusedDirs.add(t.dir());
            }
        }
        // the settings' protocol (the paper's oracle) into fusion/, and the nested protocol into fusion-nested/
        FusionResult fusion = null;
        FusionResult oracle = null;
        FusionResult nested = null;
        if (fusedDirs.size() >= 2) {
            FusionInputs in = FusionInputs.load(fusedDirs);
            // k of the settings (the paper: 9); a pool no larger than k is searched over every size instead
            List<Integer> ks = in.size() <= s.fusion().k() ? FusionSettings.allK(in.size()) : List.of(s.fusion().k());
            FusionProtocol protocol = FusionProtocol.parse(s.fusion().protocol());
            CombinationRule rule = CombinationRule.parse(s.fusion().rule());
            fusion = FusionStudy.run(in, new FusionSettings(ks, s.fusion().top(), protocol, rule, s.workers()));
            FusionWriter.write(fusion, work.resolve("fusion"));
            oracle = protocol == FusionProtocol.TEST ? fusion
                    : FusionStudy.run(in, new FusionSettings(ks, s.fusion().top(), FusionProtocol.TEST, rule,
                    s.workers()));
            nested = protocol == FusionProtocol.NESTED ? fusion
                    : FusionStudy.run(in, new FusionSettings(ks, 1, FusionProtocol.NESTED, rule, s.workers()));
            if (nested != fusion) {
                FusionWriter.write(nested, work.resolve("fusion-nested"));
            }
        } else {
            out.println("fusion: skipped (fewer than two finished multi-corpus systems)");
        }
        long tFusion = System.nanoTime();

        // the MFCC baseline on the folds of the first fused experiment (multi-corpus), and the MTL-vs-DANN probe
        DemoSummary.Baseline baseline = null;
        ExperimentRun baselineRun = plan.experiments.stream()
                .filter(r -> pooled.contains(r.experiment().config().name())).findFirst().orElse(null);
        if (baselineRun != null) {
            baseline = new DemoSummary.Baseline(baselineRun.experiment().config().name(),
                    DemoBaseline.run(baselineRun, s.workers()));
        }
        long tBaseline = System.nanoTime();
        DemoSummary.Probe probe = plan.probeRun == null ? null : probe(plan.probeRun);
        long tProbe = System.nanoTime();

        ReportSettings rs = s.reportSettings() != null && Files.isRegularFile(home.resolve(s.reportSettings()))
                ? ReportSettings.read(home.resolve(s.reportSettings())) : ReportSettings.defaults();
        ReportBuilder.build(plan.runsDir, work.resolve("report"), rs);
        long tReport = System.nanoTime();

        List<DemoSummary.ModeRow> rows = DemoSummary.rows(plan.tasks, pooled);
        Integer devSpeakers = baselineRun == null ? null : baselineRun.experiment().config().data().devSpeakers();
        GitInfo git = GitInfo.of(home);
        String commit = git.commit() == null ? "unknown commit" : "commit " + git.commit().substring(0, 12)
                + (Boolean.TRUE.equals(git.dirty()) ? " + uncommitted changes" : "");
        String header = String.format(Locale.ROOT, "ser4j demo (%s): %s, tiny HuBERT (%s), %d trial(s) x %d LOSO "
                        + "folds; pooled test UAR per mode (mean over trials)", commit, corpus.description(),
                plan.encoder, s.trials(), plan.tasks.isEmpty() ? 0 : plan.tasks.get(0).folds().size());
        String footer = String.format(Locale.ROOT, "time: corpus %s, training %s (%d folds reused), fusion %s, "
                        + "baseline %s, probe %s, report %s, total %s%nreport: %s%nfusion: %s", DemoProgress.clock(
                        sec(t0, tCorpus)), DemoProgress.clock(sec(tCorpus, tTrain)), reused,
                DemoProgress.clock(sec(tTrain, tFusion)), DemoProgress.clock(sec(tFusion, tBaseline)),
                DemoProgress.clock(sec(tBaseline, tProbe)), DemoProgress.clock(sec(tProbe, tReport)),
                DemoProgress.clock(sec(t0, tReport)), work.resolve("report").resolve("index.html"),
                work.resolve("fusion").resolve("fusion.md"));
        DemoSummary.Extras extras = new DemoSummary.Extras(baseline, oracle, nested, probe, devSpeakers);
        String text = DemoSummary.render(rows, extras, header, footer);
        out.println();
        out.print(text);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("commit", git.commit());
        run.put("uncommitted_changes", git.dirty());
        run.put("corpus", corpus.description());
        run.put("encoder", plan.encoder);
        run.put("trials", s.trials());
        run.put("workers", s.workers());
        run.put("systems", plan.tasks.size());
        run.put("fold_runs", plan.totalFolds());
        run.put("fold_runs_reused", reused);
        run.put("failed_systems", failures.keySet().stream().map(SystemTask::name).toList());
        Map<String, Object> times = new LinkedHashMap<>();
        times.put("corpus_s", sec(t0, tCorpus));
        times.put("training_s", sec(tCorpus, tTrain));
        times.put("fusion_s", sec(tTrain, tFusion));
        times.put("baseline_s", sec(tFusion, tBaseline));
        times.put("probe_s", sec(tBaseline, tProbe));
        times.put("report_s", sec(tProbe, tReport));
        times.put("total_s", sec(t0, tReport));
        run.put("wall_seconds", times);
        run.put("overrides", s.set());
        run.put("extra_overrides", extra);
        DemoSummary.write(work, text, rows, extras, fusion, run);
        return failures.isEmpty() ? 0 : 1;
    }

    /**
     * The domain probe ({@link DomainProbe}, as {@code study.DomainProbeReport} runs it) of the MTL and DANN systems, per fold
     * the mean over the trials that have embeddings.
     */
    static DemoSummary.Probe probe(ExperimentRun run) throws java.io.IOException {
        Map<Integer, List<Double>> mtl = DomainProbeReport.probeTrials(run, Mode.MTL);
        Map<Integer, List<Double>> dann = DomainProbeReport.probeTrials(run, Mode.DANN);
        List<DemoSummary.ProbeFold> folds = new ArrayList<>();
        for (Map.Entry<Integer, List<Double>> e : mtl.entrySet()) {
            List<Double> d = dann.get(e.getKey());
            if (d == null || d.isEmpty()) {
                continue;
            }
            folds.add(new DemoSummary.ProbeFold(e.getKey(), mean(e.getValue()), mean(d),
                    Math.min(e.getValue().size(), d.size())));
        }
        return new DemoSummary.Probe(run.experiment().config().name(),
                run.experiment().config().data().domains().size(), folds);
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /**
     * Filters SameDiff's gradient-construction chatter out of standard output (see {@link ChatterFilter}) and returns
     * the original stream for the demo's own console output.
     */
    public static PrintStream quietStdout() {
        return ChatterFilter.install();
    }

    private static List<String> languagesOf(CorpusRef c) {
        return c.languages();
    }

    private static double sec(long from, long to) {
        return (to - from) / 1e9;
    }
}
