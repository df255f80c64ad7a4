package org.ser4j.app.experiments;

import java.util.ArrayList;
import java.util.List;

import org.ser4j.app.Ser4j;

/** Runs {@code ser4j train <yaml> [--mode m]} from an IDE; extra program arguments are passed on (e.g. --set). */
final class ExperimentMain {
    private ExperimentMain() {}

    static void run(String yaml, List<String> fixed, String[] args) {
        List<String> all = new ArrayList<>(List.of("train", yaml));
        all.addAll(fixed);
        all.addAll(List.of(args));
        System.exit(Ser4j.commandLine().execute(all.toArray(String[]::new)));
    }
}
