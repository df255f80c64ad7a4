package org.ser4j.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.ser4j.app.demo.DemoRun;
import org.ser4j.app.demo.DemoSettings;
import org.ser4j.util.BadInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ser4j demo}: the paper's pipeline end to end on the synthetic corpus, or on a user's bilingual corpus CSV
 * ({@code --corpus-csv}) (see {@code experiments/demo.yaml}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate the synthetic corpus, train every mode (single-corpus, multi-corpus vanilla/MTL/DANN, "
                + "fake-domain) over all LOSO folds on parallel single-thread workers, fuse (oracle and nested), run the "
                + "MFCC baseline on the same folds and the MTL-vs-DANN domain probe, report, and print the headline "
                + "table. Finished runs are reused.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--settings", paramLabel = "YAML",
            description = "Demo settings (default: experiments/demo.yaml under the project root).")
    Path settings;

    @Option(names = "--work", paramLabel = "DIR", description = "Work folder (default: the settings' work, demo-run/).")
    Path work;

    @Option(names = "--workers", paramLabel = "N", description = "Parallel workers (default: the settings').")
    Integer workers;

    @Option(names = "--trials", paramLabel = "N", description = "Trials per mode (default: the settings').")
    Integer trials;

    @Option(names = "--corpus-csv", paramLabel = "FILE",
            description = "Run on your own bilingual corpus instead of the synthetic one: a corpus CSV as for "
                    + "'corpus manifest --corpus csv' (columns path,emotion,speaker,gender,language,session; paths "
                    + "relative to the CSV; two languages, each with ang,hap,neu,sad and >= 2 sessions).")
    Path corpusCsv;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Experiment override applied after the settings' own (repeatable), e.g. train.steps=40.")
    List<String> set = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("ser4j.home", "")).toAbsolutePath();
        DemoSettings s = DemoSettings.read(settings != null ? settings : home.resolve("experiments/demo.yaml"));
        try {
            if (work != null) {
                s = s.withWork(work.toAbsolutePath().toString());
            }
            if (workers != null) {
                s = s.withWorkers(workers);
            }
            if (trials != null) {
                s = s.withTrials(trials);
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--work/--workers/--trials: " + e.getMessage(), e);
        }
        return DemoRun.run(home, s, corpusCsv, set, DemoRun.quietStdout());
    }
}
