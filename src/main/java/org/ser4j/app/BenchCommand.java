package org.ser4j.app;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.ser4j.bench.BenchOptions;
import org.ser4j.bench.BenchReport;
import org.ser4j.bench.BenchRunner;
import org.ser4j.bench.ForwardBackends;
import org.ser4j.util.BadInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ser4j bench}: median/min/max times and peak memory of the hubert-large forward (1x4 s, 4x4 s, 1x16 s) per
 * inference backend, one training step, the data pipeline, the 30C9 fusion search, and optionally the generator of
 * the synthetic corpus, the search over systems with independent errors and the forward's
 * scaling with audio length. Prints a table; {@code --json} writes the full document (schema ser4j-bench/1, the
 * same as {@code experiments/bench/pytorch_bench.py}). Its subcommands run the cases that need a JVM of their own:
 * {@code single} (one case, for its peak RSS) and {@code onnx-engines} (SameDiff vs ONNX Runtime in child JVMs).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time the HuBERT forward, a training step, the data pipeline and the fusion search (median/min/max, peak memory).",
        subcommands = {BenchSingleCommand.class, BenchOnnxEnginesCommand.class})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--json", paramLabel = "FILE", description = "Write every figure as JSON to FILE.")
    Path json;

    @Option(names = "--quick", description = "Tiny model and data: every figure in seconds, none meaningful (smoke test).")
    boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "GROUP",
            description = "Run only these groups: hubert, train, train-split, pipeline, fusion, fusion-independent, synth, "
                    + "onnx, scaling (comma-separated or repeated).")
    List<String> only;

    @Option(names = "--scaling", description = "Add the scaling sweep (forward time/memory vs length, attention share).")
    boolean scaling;

    @Option(names = "--scaling-seconds", split = ",", defaultValue = "4,8,16,32", paramLabel = "S",
            description = "Audio lengths of the scaling sweep (default ${DEFAULT-VALUE}).")
    List<Double> scalingSeconds;

    @Option(names = "--repeats", paramLabel = "N",
            description = "Measured repetitions per case after one warm-up call (default 3; 2 with --quick).")
    Integer repeats;

    @Option(names = "--threads", paramLabel = "N", description = "Threads of the fusion search (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        Set<String> groups = new LinkedHashSet<>(only == null || only.isEmpty() ? BenchOptions.DEFAULT_GROUPS : only);
        if (scaling) {
            groups.add("scaling");
        }
        for (String g : groups) {
            if (!BenchOptions.ALL_GROUPS.contains(g)) {
                throw new BadInputException("--only: unknown group '" + g + "' (expected one of "
                        + String.join(", ", BenchOptions.ALL_GROUPS) + ")");
            }
        }
        for (double s : scalingSeconds) {
            if (!(s > 0)) {
                throw new BadInputException("--scaling-seconds: lengths must be positive, got " + s);
            }
        }
        int reps = repeats != null ? repeats : quick ? 2 : 3;
        if (reps < 1) {
            throw new BadInputException("--repeats: must be at least 1, got " + reps);
        }
        int th = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (th < 1) {
            throw new BadInputException("--threads: must be at least 1, got " + th);
        }
        if (json != null) {
            // an output that cannot be written fails now, not after minutes of measuring
            org.ser4j.util.AtomicFiles.createDirectories(json.toAbsolutePath().getParent());
        }
        BenchOptions options = new BenchOptions(quick, groups, reps, th, scalingSeconds);
        BenchReport report = new BenchRunner(options, ForwardBackends.all()).run(partial -> {
            if (json != null) {
                try {
                    partial.write(json); // complete after every group: a stopped run keeps what it measured
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        System.out.print(report.summaryTable());
        if (json != null) {
            report.write(json);
            System.out.println("wrote " + json);
        }
        return 0;
    }
}
