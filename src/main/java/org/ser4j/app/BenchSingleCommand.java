package org.ser4j.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.ser4j.bench.BenchEntry;
import org.ser4j.bench.BenchReport;
import org.ser4j.bench.SingleCaseBench;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ser4j bench single}: one bench case alone in this JVM, so that its peak RSS is the case's own
 * ({@link SingleCaseBench}). Exit code 1 when the case failed.
 */
@Command(name = "single", mixinStandardHelpOptions = true,
        description = "One case alone (its peak RSS is the process's): the HuBERT forward on 1 x SECONDS of audio, or "
                + "one training step; random weights.")
public final class BenchSingleCommand implements Callable<Integer> {
    @Option(names = "--case", defaultValue = "forward", paramLabel = "forward|train",
            description = "The case (default ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--model", defaultValue = "large", paramLabel = "large|base|tiny",
            description = "HuBERT size (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--seconds", defaultValue = "4", paramLabel = "S", description = "Audio length (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "N",
            description = "Measured repetitions after one warm-up call (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Output JSON (default bench-hubert-CASE-MODEL.json).")
    Path json;

    @Override
    public Integer call() throws Exception {
        SingleCaseBench.Kind k = switch (kind) {
            case "forward" -> SingleCaseBench.Kind.FORWARD;
            case "train" -> SingleCaseBench.Kind.TRAIN;
            default -> throw new BadInputException("--case: expected forward or train, got '" + kind + "'");
        };
        if (!model.equals("large") && !model.equals("base") && !model.equals("tiny")) {
            throw new BadInputException("--model: expected large, base or tiny, got '" + model + "'");
        }
        if (!(seconds > 0)) {
            throw new BadInputException("--seconds: must be positive, got " + seconds);
        }
        if (repeats < 1) {
            throw new BadInputException("--repeats: must be at least 1, got " + repeats);
        }
        Path out = json != null ? json : Path.of("bench-hubert-" + kind.toLowerCase(Locale.ROOT) + "-" + model + ".json");
        AtomicFiles.createDirectories(out.toAbsolutePath().getParent());
        BenchReport report = SingleCaseBench.run(k, model, seconds, repeats);
        report.write(out);
        System.out.print(report.summaryTable());
        System.out.println("wrote " + out);
        return report.entries().stream().allMatch(BenchEntry::ok) ? 0 : 1;
    }
}
