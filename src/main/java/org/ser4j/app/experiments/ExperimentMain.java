package org.ser4j.app.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.ser4j.config.Mode;
import org.ser4j.train.ExperimentRun;
import org.ser4j.util.BadInputException;

/**
 * Runs an experiment YAML from an IDE, as {@code ser4j train} does (working directory = project root). Program
 * arguments are {@code key=value} overrides, like {@code --set}.
 */
final class ExperimentMain {
    private ExperimentMain() {}

    static void run(String yaml, Set<Mode> modes, String[] args) {
        try {
            ExperimentRun run = ExperimentRun.prepare(Path.of(yaml), new ArrayList<>(List.of(args)),
                    Path.of("").toAbsolutePath());
            run.run(modes, Set.of(), null, System.err, System.out);
        } catch (BadInputException e) {
            System.err.println("ser4j: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
