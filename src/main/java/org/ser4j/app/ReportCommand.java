package org.ser4j.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.ser4j.report.ReportBuilder;
import org.ser4j.report.ReportSettings;
import org.ser4j.report.ResultTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ser4j report}: the paper's tables and figures from a runs folder. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Tables 2-6 (Markdown + CSV), confusion heatmap, UAR-vs-step curves, fusion gain vs k and an "
                + "index.html, from whatever runs exist under RUNS_DIR.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUNS_DIR", description = "Runs folder: <experiment>/<mode>/trial-<t>/.")
    Path runs;

    @Option(names = "--out", required = true, paramLabel = "REPORT_DIR", description = "Output folder.")
    Path out;

    @Option(names = "--settings", paramLabel = "YAML",
            description = "Report settings (e.g. experiments/report.yaml); defaults apply to absent keys.")
    Path settings;

    @Option(names = "--intermediate", description = "Also train intermediate-concatenation classifiers (Table 5).")
    boolean intermediate;

    @Override
    public Integer call() throws Exception {
        ReportSettings s = settings == null ? ReportSettings.defaults() : ReportSettings.read(settings);
        if (intermediate && !s.intermediate()) {
            s = new ReportSettings(s.table6K(), s.maxAllKSystems(), s.top(), true, s.classifier(), s.threads());
        }
        List<ResultTable> tables = ReportBuilder.build(runs, out, s);
        System.out.println("wrote " + tables.size() + " tables and " + out.resolve("index.html"));
        return 0;
    }
}
