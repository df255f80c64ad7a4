package org.ser4j.app;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.bytedeco.javacpp.Pointer;
import org.ser4j.config.Mode;
import org.ser4j.train.ExperimentRun;
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
        Set<Mode> selectedModes = parseModes();
        ExperimentRun run = ExperimentRun.prepare(experiment, overrides, Path.of("").toAbsolutePath());
        if (dryRun) {
            run.dryRun(System.out);
            return 0;
        }
        if (workers > 1 && shard == null) {
            return runWorkers();
        }
        boolean progress = !quiet && run.experiment().config().train().progress();
        run.run(selectedModes, Set.copyOf(trials), parseShard(), progress ? System.err : null, System.out);
        return 0;
    }

    private Set<Mode> parseModes() {
        Set<Mode> out = new java.util.LinkedHashSet<>();
        for (String m : modes) {
            try {
                out.add(Mode.parse(m));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--mode: unknown mode '" + m + "', expected one of " + Mode.NAMES);
            }
        }
        return out;
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

    /**
     * The JVM arguments of a worker: this JVM's own, with its JavaCPP off-heap limits split evenly between the
     * workers. Each worker is a separate JVM; with the limits copied as they are, N workers could together claim N
     * times the memory the launcher sized for one process (measured: two workers at 8 GB resident each).
     */
    static List<String> workerJvmArguments(List<String> own, int workers, long maxBytes, long maxPhysicalBytes) {
        List<String> out = new ArrayList<>();
        for (String a : own) {
            if (!a.startsWith("-Dorg.bytedeco.javacpp.maxbytes=")
                    && !a.startsWith("-Dorg.bytedeco.javacpp.maxphysicalbytes=")) {
                out.add(a);
            }
        }
        if (maxBytes > 0) {
            out.add("-Dorg.bytedeco.javacpp.maxbytes=" + maxBytes / workers);
        }
        if (maxPhysicalBytes > 0) {
            out.add("-Dorg.bytedeco.javacpp.maxphysicalbytes=" + maxPhysicalBytes / workers);
        }
        return out;
    }

    /** Starts N copies of this command, each on its own share of the systems, and waits for all of them. */
    private int runWorkers() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.addAll(workerJvmArguments(ManagementFactory.getRuntimeMXBean().getInputArguments(), workers,
                    Pointer.maxBytes(), Pointer.maxPhysicalBytes()));
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
