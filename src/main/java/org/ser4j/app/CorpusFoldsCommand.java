package org.ser4j.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ser4j.data.Folds;
import org.ser4j.data.Manifest;
import org.ser4j.data.Split;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ser4j corpus folds}: leave-one-session-out split file over one or several manifests (docs/contracts.md §3). */
@Command(name = "folds", mixinStandardHelpOptions = true,
        description = "Write leave-one-session-out folds (utt_id,fold,split) with manifest and split fingerprints.")
public final class CorpusFoldsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--manifest", required = true, paramLabel = "FILE",
            description = "canonical manifest; repeat for several corpora (fold k tests session k of each)")
    List<Path> manifests;

    @Option(names = "--dev-speakers", defaultValue = "0", paramLabel = "N",
            description = "whole training speakers per corpus moved to dev in each fold (default: ${DEFAULT-VALUE})")
    int devSpeakers;

    @Option(names = "--seed", defaultValue = "1993", description = "seed for the dev speakers (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "split CSV to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<Manifest> ms = new ArrayList<>();
        for (Path p : manifests) {
            ms.add(Manifest.read(p));
        }
        Folds folds = Folds.loso(ms, devSpeakers, seed);
        folds.write(out);
        var o = spec.commandLine().getOut();
        o.printf("wrote %d folds to %s%nsplit sha256 %s%n", folds.foldNumbers().size(), out, folds.fingerprint());
        o.printf("%-6s%8s%8s%8s%n", "fold", "train", "dev", "test");
        for (Map.Entry<Integer, Map<Split, Integer>> e : folds.counts().entrySet()) {
            o.printf("%-6d%8d%8d%8d%n", e.getKey(), e.getValue().get(Split.TRAIN), e.getValue().get(Split.DEV),
                    e.getValue().get(Split.TEST));
        }
        o.flush();
        return 0;
    }
}
