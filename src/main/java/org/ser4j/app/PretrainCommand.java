package org.ser4j.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.ser4j.pretrain.PretrainRun;
import org.ser4j.util.BadInputException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ser4j pretrain}: HuBERT iteration-1 masked-prediction pre-training of a small encoder on unlabelled
 * synthetic speech; writes the encoder as a model directory (the config's {@code output}).
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Pre-train a small HuBERT encoder (masked prediction of MFCC k-means targets) on unlabelled "
                + "synthetic speech and write it as a model directory.")
public final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE.yaml",
            description = "Pre-training config, e.g. experiments/pretrain-tiny.yaml.")
    Path config;

    @Option(names = "--probe-only",
            description = "Do not train: run the config's linear probe (probe.corpus_seed) on the encoder already in "
                    + "its output folder and rewrite the probe record of that folder's ser4j-model.json.")
    boolean probeOnly;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(config)) {
            throw new BadInputException(config + ": no such pre-training config");
        }
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        if (probeOnly) {
            var probe = PretrainRun.reprobe(config, Path.of(""), "ser4j pretrain --config " + config + " --probe-only",
                    threads);
            System.out.printf("linear probe: last hidden %.4f (mean), %.4f (mean_std); MFCC baseline %.4f%n",
                    (Double) probe.get("last_hidden"), (Double) probe.get("last_hidden_mean_std"),
                    (Double) probe.get("mfcc_baseline"));
            return 0;
        }
        Path out = PretrainRun.run(config, Path.of(""), "ser4j pretrain --config " + config,
                threads, System.err);
        System.out.println("pretrained encoder written to " + out);
        return 0;
    }
}
