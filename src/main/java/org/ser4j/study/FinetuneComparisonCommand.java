package org.ser4j.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.ser4j.util.BadInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ser4j study finetune-comparison}: fine-tuning from pre-trained encoders vs random init of the same config
 * ({@link FinetuneComparison}), results merged into an evidence JSON file.
 */
@Command(name = "finetune-comparison", mixinStandardHelpOptions = true,
        description = "Fine-tune each start (pre-trained model directory, LABEL=DIR, or random:DIR) on a synthetic "
                + "corpus for every step count, seed and held-out session; linear probes of each start first.")
public final class FinetuneComparisonCommand implements Callable<Integer> {
    @Option(names = "--evidence", required = true, paramLabel = "FILE",
            description = "JSON file the runs, probes and summary are merged into.")
    Path evidence;

    @Option(names = "--starts", required = true, split = ",", paramLabel = "START",
            description = "Model directories, LABEL=DIR or random:DIR (comma-separated or repeated).")
    List<String> starts;

    @Option(names = "--steps", required = true, split = ",", paramLabel = "N", description = "Step counts.")
    List<Integer> steps;

    @Option(names = "--seeds", required = true, split = ",", paramLabel = "N", description = "Fine-tuning seeds.")
    List<Integer> seeds;

    @Option(names = "--sessions", required = true, split = ",", paramLabel = "N",
            description = "Held-out sessions (1-5).")
    List<Integer> sessions;

    @Option(names = "--corpus-seed", defaultValue = "4242", paramLabel = "S",
            description = "Seed of the synthetic corpus (default ${DEFAULT-VALUE}).")
    long corpusSeed;

    @Option(names = "--runs", defaultValue = "experiments/runs/pretrain-evidence", paramLabel = "DIR",
            description = "Folder of the fine-tuning runs (default ${DEFAULT-VALUE}).")
    Path runs;

    @Override
    public Integer call() throws Exception {
        List<FinetuneComparison.Start> parsed = new ArrayList<>();
        for (String s : starts) {
            FinetuneComparison.Start start = FinetuneComparison.Start.parse(s);
            if (!Files.isRegularFile(start.configDir().resolve("config.json"))) {
                throw new BadInputException("--starts: " + start.configDir().resolve("config.json") + " not found (start '"
                        + s + "')");
            }
            parsed.add(start);
        }
        for (int session : sessions) {
            if (session < 1 || session > 5) {
                throw new BadInputException("--sessions: the synthetic corpus has sessions 1-5, got " + session);
            }
        }
        for (int n : steps) {
            if (n < 1) {
                throw new BadInputException("--steps: must be at least 1, got " + n);
            }
        }
        FinetuneComparison.run(evidence, parsed, steps, seeds, sessions, corpusSeed, runs);
        return 0;
    }
}
