package org.ser4j.app;

import java.util.concurrent.Callable;

import org.ser4j.study.StudyCommand;
import org.ser4j.util.BadInputException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ser4j} command line (docs/contracts.md §8). Each verb is its own small command class; this class only lists
 * them and maps exceptions to exit codes: 0 success, 2 bad input (the message names the file or field), 1 other.
 */
@Command(name = "ser4j", mixinStandardHelpOptions = true, versionProvider = Ser4jVersion.class,
        description = "Speech emotion recognition on the JVM: HuBERT in SameDiff, multitask/DANN training, fusion.")
public final class Ser4j implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    /** The command tree with every verb registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Ser4j());
        // One line per verb; keep in the order of docs/contracts.md §8.
        cl.addSubcommand(new CorpusCommand());
        cl.addSubcommand(new ConvertCommand());
        cl.addSubcommand(new EmbedCommand());
        cl.addSubcommand(new TrainCommand());
        cl.addSubcommand(new FuseCommand());
        cl.addSubcommand(new ReportCommand());
        cl.addSubcommand(new ExportCommand());
        cl.addSubcommand(new PredictCommand());
        cl.addSubcommand(new BenchCommand());
        cl.addSubcommand(new DemoCommand());
        cl.addSubcommand(new PretrainCommand());
        cl.addSubcommand(new StudyCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof BadInputException) {
                cmd.getErr().println("ser4j: " + ex.getMessage());
                return 2;
            }
            cmd.getErr().println("ser4j: " + ex);
            ex.printStackTrace(cmd.getErr());
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("ser4j: " + ex.getMessage());
            cmd.usage(cmd.getErr());
            return 2;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
