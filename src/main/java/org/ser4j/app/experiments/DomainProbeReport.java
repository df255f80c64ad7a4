package org.ser4j.app.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ser4j.config.ExperimentConfig;
import org.ser4j.train.DomainProbe;
import org.ser4j.train.ExperimentRun;

/**
 * The check that DANN removes domain information: a linear domain probe on each trained system's pooled FE
 * outputs (embeddings/ of trial 1), per fold, for every mode of the experiment. Arguments: [experiment.yaml]
 * [key=value overrides...]; default experiments/multi-corpus.yaml.
 */
public final class DomainProbeReport {
    private DomainProbeReport() {}

    public static void main(String[] args) throws Exception {
        String yaml = args.length > 0 && args[0].endsWith(".yaml") ? args[0] : "experiments/multi-corpus.yaml";
        List<String> overrides = new ArrayList<>();
        for (String a : args) {
            if (!a.endsWith(".yaml")) {
                overrides.add(a);
            }
        }
        ExperimentRun run = ExperimentRun.prepare(Path.of(yaml), overrides, Path.of("").toAbsolutePath());
        ExperimentConfig cfg = run.experiment().config();
        Map<String, Integer> domains = DomainProbe.domains(run.data(), cfg.data().domains());
        System.out.printf("domain probe (linear, chance ~%.2f) on pooled FE outputs, trial 1%n", 1.0 / cfg.data().domains().size());
        for (String mode : cfg.modes()) {
            Path sys = run.systemDir(mode, 1);
            if (!Files.isDirectory(sys.resolve("embeddings"))) {
                System.out.printf("%-8s no embeddings in %s%n", mode, sys);
                continue;
            }
            Map<Integer, Double> acc = DomainProbe.probeSystem(sys, domains, cfg.data().domains().size());
            double mean = acc.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            System.out.printf("%-8s mean test domain accuracy %.3f  per fold %s%n", mode, mean, acc);
        }
    }
}
