package org.ser4j.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.ser4j.train.ExperimentRun;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ser4j study domain-probe EXPERIMENT.yaml [--set key=value]...}: {@link DomainProbeReport} on stdout. */
@Command(name = "domain-probe", mixinStandardHelpOptions = true,
        description = "Linear domain probe on the pooled FE outputs of every trained system of an experiment "
                + "(needs train.embeddings: true), next to each fold's emotion test UAR; MTL vs DANN fold by fold.")
public final class DomainProbeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT.yaml", description = "Experiment file, e.g. experiments/multi-corpus.yaml")
    Path experiment;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "The overrides of the training run, so that the run folders resolve the same.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ExperimentRun run = ExperimentRun.prepare(experiment, overrides, Path.of("").toAbsolutePath());
        DomainProbeReport.report(run, System.out);
        return 0;
    }
}
