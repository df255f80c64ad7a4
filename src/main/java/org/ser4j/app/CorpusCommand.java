package org.ser4j.app;

import picocli.CommandLine.Command;

/** {@code ser4j corpus manifest|check|folds|synth}: build, check, split and generate corpora. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = "Build canonical manifests, check audio files, write LOSO split files, generate the synthetic corpus.",
        subcommands = {CorpusManifestCommand.class, CorpusCheckCommand.class, CorpusFoldsCommand.class,
                CorpusSynthCommand.class})
public final class CorpusCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
