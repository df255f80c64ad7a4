package org.ser4j.app;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.ser4j.config.ExperimentLoader;
import org.ser4j.config.ResolvedExperiment;
import org.ser4j.train.DryRun;
import org.ser4j.train.ExperimentData;
import org.ser4j.train.HubertEncoderFactory;
import org.ser4j.train.SystemRunner;
import org.ser4j.util.BadInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ser4j train experiments/X.yaml [--set key=value]... [--dry-run]}: trains every system (mode x trial) of an
 * experiment over its LOSO folds into {@code <runs_dir>/<name>/<mode>/trial-<t>/}. Finished folds are reused and
 * interrupted ones resume from their checkpoint, so the same command continues a stopped grid.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the systems of an experiment YAML (vanilla / MTL / DANN / fake-domain, LOSO folds).")
public final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT.yaml", description = "Experiment file, e.g. experiments/multi-corpus.yaml")
    Path experiment;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config key (dotted path, YAML value), e.g. --set scale=paper --set train.steps=20")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--dry-run", description = "Resolve config, data and folds, build the real graph, make one step on a 1 s crop; write nothing")
    boolean dryRun;

    @Option(names = "--mode", paramLabel = "MODE", description = "Only these modes (repeatable)")
    List<String> modes = new ArrayList<>();

    @Option(names = "--trial", paramLabel = "T", description = "Only these trials (repeatable)")
    List<Integer> trials = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Run N single-thread worker processes in parallel (systems are split between them)")
    int workers;

    @Option(names = "--shard", paramLabel = "I/N", hidden = true, description = "Run only systems with index %% N == I")
    String shard;

    @Option(names = "--quiet", description = "No progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Path work = Path.of("").toAbsolutePath();
        ResolvedExperiment exp = new ExperimentLoader().load(experiment, overrides);
        PrintStream err = System.err;
        ExperimentData data = loadData(exp, work);
        SystemRunner.EncoderProvider encoders = HubertEncoderFactory.provider(exp.config().model(), work);
        if (dryRun) {
            DryRun.run(exp, data, encoders, System.out);
            return 0;
        }
        if (workers > 1 && shard == null) {
            return runWorkers();
        }
        boolean progress = !quiet && exp.config().train().progress();
        SystemRunner runner = new SystemRunner(exp, data, encoders, work, progress ? err : null);
        int index = 0;
        int[] sh = parseShard();
        for (String[] s : runner.systems()) {
            String mode = s[0];
            int trial = Integer.parseInt(s[1]);
            boolean selected = (modes.isEmpty() || modes.contains(mode)) && (trials.isEmpty() || trials.contains(trial));
            if (!selected) {
                continue;
            }
            if (sh != null && index++ % sh[1] != sh[0]) {
                continue;
            }
            List<SystemRunner.FoldSummary> folds = runner.runSystem(mode, trial);
            double mean = folds.stream().mapToDouble(SystemRunner.FoldSummary::testUar).average().orElse(Double.NaN);
            System.out.printf("%s trial-%d: mean test UAR over folds %.4f%s -> %s%n", mode, trial, mean,
                    exp.config().train().selection().equals("test") ? " (test-selected step: optimistic)" : "",
                    runner.systemDir(mode, trial));
        }
        return 0;
    }

    private static ExperimentData loadData(ResolvedExperiment exp, Path work) {
        for (var c : exp.config().data().corpora()) {
            if (!Files.isRegularFile(work.resolve(c.manifest()))) {
                String hint = exp.config().scale().equals("demo")
                        ? "; generate the synthetic corpus first: ./ser4j corpus synth --out "
                        + work.relativize(work.resolve(c.manifest()).getParent().toAbsolutePath())
                        : "; build it with ./ser4j corpus manifest (see datasets/README.md)";
                throw new BadInputException(exp.source() + ": data.corpora manifest " + c.manifest() + " not found" + hint);
            }
        }
        return ExperimentData.load(exp.config().data(), work);
    }

    private int[] parseShard() {
        if (shard == null) {
            return null;
        }
        String[] p = shard.split("/");
        try {
            int i = Integer.parseInt(p[0]);
            int n = Integer.parseInt(p[1]);
            if (p.length != 2 || n < 1 || i < 0 || i >= n) {
                throw new NumberFormatException();
            }
            return new int[] {i, n};
        } catch (RuntimeException e) {
            throw new BadInputException("--shard: expected I/N with 0 <= I < N, got '" + shard + "'");
        }
    }

    /** Starts N copies of this command, each on its own share of the systems, and waits for all of them. */
    private int runWorkers() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Ser4j.class.getName());
            cmd.add("train");
            cmd.add(experiment.toString());
            for (String o : overrides) {
                cmd.add("--set");
                cmd.add(o);
            }
            for (String m : modes) {
                cmd.add("--mode");
                cmd.add(m);
            }
            for (int t : trials) {
                cmd.add("--trial");
                cmd.add(Integer.toString(t));
            }
            cmd.add("--shard");
            cmd.add(i + "/" + workers);
            if (i > 0 || quiet) {
                cmd.add("--quiet"); // one progress bar on the terminal is readable, N interleaved ones are not
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().putIfAbsent("OMP_NUM_THREADS", "1");
            procs.add(pb.start());
        }
        int rc = 0;
        for (Process p : procs) {
            rc = Math.max(rc, p.waitFor());
        }
        return rc;
    }
}
