package org.ser4j.app.demo;

import java.nio.file.Path;
import java.util.List;

import org.ser4j.util.BadInputException;

/**
 * IDE entry point of the demo: run with no arguments and the project root as working directory; it does what
 * {@code ./ser4j demo} does with {@code experiments/demo.yaml}. For the fastest runs give the JVM the environment
 * variable {@code OMP_NUM_THREADS=1} in the run configuration (the launcher does this for the CLI). Program
 * arguments, if any, are {@code key=value} experiment overrides (e.g. {@code train.steps=4}).
 */
public final class DemoMain {
    private DemoMain() {}

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("ser4j.home", "")).toAbsolutePath();
        try {
            DemoSettings s = DemoSettings.read(home.resolve("experiments/demo.yaml"));
            System.exit(DemoRun.run(home, s, List.of(args), DemoRun.quietStdout()));
        } catch (BadInputException e) {
            System.err.println("ser4j: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
