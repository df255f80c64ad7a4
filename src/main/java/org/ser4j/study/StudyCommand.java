package org.ser4j.study;

import picocli.CommandLine.Command;

/** {@code ser4j study calibration|baseline|finetune-comparison|domain-probe}: the studies, one command each. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Studies: synthetic-corpus calibration, MFCC baseline on a manifest, fine-tuning comparison, "
                + "domain probe of trained systems.",
        subcommands = {CalibrationCommand.class, BaselineCommand.class, FinetuneComparisonCommand.class,
                DomainProbeCommand.class})
public final class StudyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
