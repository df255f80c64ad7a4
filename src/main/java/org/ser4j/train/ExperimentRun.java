package org.ser4j.train;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.ser4j.config.Mode;
import org.ser4j.config.CorpusRef;
import org.ser4j.config.ExperimentLoader;
import org.ser4j.config.ResolvedExperiment;
import org.ser4j.eval.SystemInfo;
import org.ser4j.util.BadInputException;

/**
 * An experiment YAML from file to finished systems: resolve the config, load the data, run every selected
 * (mode, trial) system. Shared by {@code ser4j train} and the IDE mains.
 */
public final class ExperimentRun {
    private final ResolvedExperiment exp;
    private final Path work;
    private final ExperimentData data;
    private final SystemRunner.EncoderProvider encoders;

    private ExperimentRun(ResolvedExperiment exp, Path work) {
        this.exp = exp;
        this.work = work;
        this.data = loadData(exp, work);
        checkFolds(exp, data.foldNumbers());
        this.encoders = HubertEncoderFactory.provider(exp.config().model(), work);
    }

    /** Relative paths of the config are resolved against {@code work}. */
    public static ExperimentRun prepare(Path yaml, List<String> overrides, Path work) {
        return new ExperimentRun(new ExperimentLoader().load(yaml, overrides), work);
    }

    public ResolvedExperiment experiment() {
        return exp;
    }

    public ExperimentData data() {
        return data;
    }

    /** The folder of system (mode, trial). */
    public Path systemDir(Mode mode, int trial) {
        return new SystemRunner(exp, data, encoders, work, null).systemDir(mode, trial);
    }

    public DryRun.Report dryRun(PrintStream out) throws Exception {
        return DryRun.run(exp, data, encoders, out);
    }

    /**
     * Runs the selected systems; {@code shard = {i, n}} keeps every n-th selected system starting at i (null = all).
     *
     * @return one line per system for the console
     */
    public List<String> run(Set<Mode> modes, Set<Integer> trials, int[] shard, PrintStream progress,
                            PrintStream out) throws Exception {
        SystemRunner runner = new SystemRunner(exp, data, encoders, work, progress);
        List<String> lines = new ArrayList<>();
        int index = 0;
        for (SystemRunner.SystemId s : runner.systems()) {
            Mode mode = s.mode();
            int trial = s.trial();
            if (!modes.isEmpty() && !modes.contains(mode) || !trials.isEmpty() && !trials.contains(trial)) {
                continue;
            }
            if (shard != null && index++ % shard[1] != shard[0]) {
                continue;
            }
            List<SystemInfo.FoldResult> folds = runner.runSystem(mode, trial);
            double mean = folds.stream().mapToDouble(SystemInfo.FoldResult::testUar).average().orElse(Double.NaN);
            String line = String.format(java.util.Locale.ROOT, "%s trial-%d: mean test UAR over folds %.4f%s -> %s",
                    mode, trial, mean, exp.config().train().selection().optimistic()
                            ? " (step selected on test: optimistic)" : " (step selected on dev)",
                    runner.systemDir(mode, trial));
            out.println(line);
            lines.add(line);
        }
        return lines;
    }

    /** Every fold of {@code folds} must be a fold (test session) of the data, before anything is trained. */
    static void checkFolds(ResolvedExperiment exp, List<Integer> available) {
        List<Integer> missing = exp.config().folds().stream().filter(k -> !available.contains(k)).toList();
        if (!missing.isEmpty()) {
            throw new BadInputException("experiment " + exp.source() + ": folds: " + missing
                    + (missing.size() == 1 ? " is not a fold" : " are not folds") + " of the data (its sessions/folds are "
                    + available + ")");
        }
    }

    private static ExperimentData loadData(ResolvedExperiment exp, Path work) {
        for (CorpusRef c : exp.config().data().corpora()) {
            Path m = work.resolve(c.manifest());
            if (!Files.isRegularFile(m)) {
                String hint = exp.config().scale().equals("demo")
                        ? "; generate the synthetic corpus first: ./ser4j corpus synth --out " + m.getParent()
                        : "; build it with ./ser4j corpus manifest (see datasets/README.md)";
                throw new BadInputException(exp.source() + ": data.corpora manifest " + c.manifest() + " not found" + hint);
            }
        }
        return ExperimentData.load(exp.config().data(), work);
    }
}
