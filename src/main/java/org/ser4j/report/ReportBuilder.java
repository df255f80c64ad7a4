package org.ser4j.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.ser4j.eval.AlignedPredictions;
import org.ser4j.eval.ConfusionMatrix;
import org.ser4j.eval.FoldedEvaluation;
import org.ser4j.eval.MetricsLine;
import org.ser4j.eval.MetricsLog;
import org.ser4j.eval.PredictionTable;
import org.ser4j.eval.RunLayout;
import org.ser4j.eval.SystemCorrelation;
import org.ser4j.eval.SystemInfo;
import org.ser4j.eval.TestColumn;
import org.ser4j.eval.TrialStats;
import org.ser4j.fusion.CombinationRule;
import org.ser4j.fusion.FusionEntry;
import org.ser4j.fusion.FusionInputs;
import org.ser4j.fusion.FusionProtocol;
import org.ser4j.fusion.FusionResult;
import org.ser4j.fusion.FusionSettings;
import org.ser4j.fusion.FusionStudy;
import org.ser4j.fusion.IntermediateFusion;
import org.ser4j.fusion.ScoreTable;
import org.ser4j.report.ResultTable.Cell;
import org.ser4j.report.ResultTable.Row;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.BadInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the report of a runs folder: reads every system folder under it (docs/contracts.md §4), fills the paper's Tables
 * 2-6 with whatever exists (missing cells marked), draws the figures and writes an index.html. It only reads runs.
 *
 * <p>Grouping: an experiment whose systems are tested on one (corpus, language) column is single-corpus (Table 2);
 * one tested on several columns is multi-corpus (Tables 3-6). Every number is a UAR/WAR in %, pooled over folds (one
 * confusion matrix over all test utterances of the column); {@code systems.csv} also lists the mean over folds.
 */
public final class ReportBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ReportBuilder.class);
    static final List<String> TABLE3_MODES = List.of("vanilla", "mtl", "dann");
    static final List<String> TABLE4_MODES = List.of("fake-EM", "fake-EF", "fake-JM", "fake-JF");
    static final List<String> STAT_ROWS = List.of("Mean", "Stdev", "Max", "Min", "Late comb.", "Max nCk");

    /** One system folder as read. */
    record SystemRun(Path dir, SystemInfo info, PredictionTable predictions) {
        PredictionTable test(TestColumn c) {
            return predictions.split("test").column(c);
        }

        SortedSet<TestColumn> columns() {
            return predictions.split("test").columns();
        }
    }

    private final Path runs;
    private final Path out;
    private final ReportSettings settings;
    private final List<SystemRun> systems;
    private final SortedSet<TestColumn> columns = new TreeSet<>();
    private final Map<String, SortedSet<TestColumn>> experimentColumns = new LinkedHashMap<>();
    private final List<ResultTable> tables = new ArrayList<>();
    private final List<String[]> figures = new ArrayList<>();
    /** Best-per-k curves for the fusion-gain figure: column -> group -> {k[], gain[]}. */
    private final Map<TestColumn, Map<String, double[][]>> gains = new LinkedHashMap<>();

    private ReportBuilder(Path runs, Path out, ReportSettings settings, List<SystemRun> systems) {
        this.runs = runs;
        this.out = out;
        this.settings = settings;
        this.systems = systems;
        for (SystemRun s : systems) {
            columns.addAll(s.columns());
            experimentColumns.computeIfAbsent(s.info().experiment(), e -> new TreeSet<>()).addAll(s.columns());
        }
    }

    /**
     * Scans {@code runs} and writes the report to {@code out}; returns the tables written. A folder without any
     * system is bad input, and nothing is written.
     */
    public static List<ResultTable> build(Path runs, Path out, ReportSettings settings) throws IOException {
        if (!Files.isDirectory(runs)) {
            throw new BadInputException(runs + ": not a folder (expected a runs folder with <experiment>/<mode>/"
                    + "trial-<t>/ system folders)");
        }
        List<SystemRun> systems = scan(runs);
        if (systems.isEmpty()) {
            // Empty tables would look like a report of nothing having worked; most likely the folder is wrong.
            throw new BadInputException(runs + ": no system folders found (a system folder holds system.json and "
                    + "predictions.csv, at <experiment>/<mode>/trial-<t>/ under the runs folder); nothing written");
        }
        ReportBuilder b = new ReportBuilder(runs, out, settings, systems);
        b.write();
        return b.tables;
    }

    static List<SystemRun> scan(Path runs) throws IOException {
        List<SystemRun> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(runs, 4)) {
            for (Path p : (Iterable<Path>) walk.filter(f -> f.getFileName().toString().equals(RunLayout.SYSTEM))
                    .sorted()::iterator) {
                Path dir = p.getParent();
                if (!Files.isRegularFile(dir.resolve(RunLayout.PREDICTIONS))) {
                    LOG.warn("{}: system.json without predictions.csv, skipped", dir);
                    continue;
                }
                found.add(new SystemRun(dir, SystemInfo.read(p), PredictionTable.read(dir.resolve(RunLayout.PREDICTIONS))));
            }
        }
        LOG.info("found {} system folders under {}", found.size(), runs);
        return found;
    }

    private boolean singleCorpus(SystemRun s) {
        return experimentColumns.get(s.info().experiment()).size() == 1;
    }

    private List<SystemRun> select(TestColumn c, java.util.function.Predicate<SystemRun> keep) {
        return systems.stream().filter(s -> s.columns().contains(c)).filter(keep).toList();
    }

    private void write() throws IOException {
        Files.createDirectories(out);
        List<TestColumn> cols = new ArrayList<>(columns);
        // Table 2: single-corpus vanilla.
        List<String> t2cols = new ArrayList<>();
        List<List<Cell>> t2 = new ArrayList<>();
        for (TestColumn c : cols) {
            t2cols.add(c.toString());
            t2.add(statCells(c, "single " + c, select(c, s -> singleCorpus(s) && s.info().mode().equals("vanilla"))));
        }
        tables.add(statTable("table2", "Table 2: single-corpus SER, vanilla (UAR %)", t2cols, t2,
                "Trials of single-corpus experiments (tested on one corpus/language)."));
        // Tables 3 and 4: multi-corpus by mode.
        tables.add(modeTable("table3", "Table 3: multi-corpus SER by module (UAR %)", cols, TABLE3_MODES));
        tables.add(modeTable("table4", "Table 4: fake-domain feature mapping (UAR %)", cols, TABLE4_MODES));
        tables.add(table5(cols));
        tables.add(table6(cols));
        tables.add(diversity(cols));
        for (ResultTable t : tables) {
            AtomicFiles.writeString(out.resolve(t.id() + ".md"), t.markdown());
            AtomicFiles.writeString(out.resolve(t.id() + ".csv"), t.csv());
        }
        writeSystemsCsv(cols);
        gainFigures();
        curveFigures();
        writeIndex();
    }

    private ResultTable modeTable(String id, String title, List<TestColumn> cols, List<String> modes) {
        List<String> names = new ArrayList<>();
        List<List<Cell>> cells = new ArrayList<>();
        for (TestColumn c : cols) {
            for (String m : modes) {
                names.add(c + " · " + m);
                cells.add(statCells(c, m, select(c, s -> !singleCorpus(s) && s.info().mode().equals(m))));
            }
        }
        if (cols.isEmpty()) {
            for (String m : modes) {
                names.add(m);
                cells.add(missingColumn(STAT_ROWS.size()));
            }
        }
        return statTable(id, title, names, cells, "Trials of multi-corpus experiments, per test column and module.");
    }

    private static List<Cell> missingColumn(int n) {
        List<Cell> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(Cell.MISSING);
        }
        return l;
    }

    private ResultTable statTable(String id, String title, List<String> colNames, List<List<Cell>> colCells,
                                  String what) {
        if (colNames.isEmpty()) {
            colNames = List.of("(no runs)");
            colCells = List.of(missingColumn(STAT_ROWS.size()));
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < STAT_ROWS.size(); r++) {
            List<Cell> cells = new ArrayList<>();
            for (List<Cell> c : colCells) {
                cells.add(c.get(r));
            }
            rows.add(new Row(STAT_ROWS.get(r), cells));
        }
        return new ResultTable(id, title, what + " UAR pooled over folds, in %. Mean/Stdev (sample)/Max/Min over "
                + "trials; Late comb. = sum of the logits of all trials; Max nCk = best late combination over every "
                + "subset size k, chosen on the test rows (oracle, optimistic, as in the paper). "
                + ResultTable.MISSING_MD + " = no such runs (or not computed).", colNames, rows);
    }

    /** Mean, Stdev, Max, Min, Late comb., Max nCk of a group of systems on one column. */
    private List<Cell> statCells(TestColumn c, String group, List<SystemRun> group0) {
        if (group0.isEmpty()) {
            return missingColumn(STAT_ROWS.size());
        }
        List<Double> uars = new ArrayList<>();
        for (SystemRun s : group0) {
            uars.add(100 * FoldedEvaluation.of(s.test(c)).pooledUar());
        }
        TrialStats st = TrialStats.of(uars);
        List<Cell> cells = new ArrayList<>(List.of(Cell.of(st.mean()), Cell.of(st.std()), Cell.of(st.max()),
                Cell.of(st.min())));
        FusionInputs in = inputs(group0, c);
        int n = group0.size();
        if (n <= settings.maxAllKSystems()) {
            FusionResult r = FusionStudy.run(in, new FusionSettings(FusionSettings.allK(n), 1, FusionProtocol.TEST,
                    CombinationRule.SUM_LOGITS, settings.threads()));
            cells.add(Cell.of(100 * r.fullCombination().uar()));
            cells.add(Cell.of(100 * r.top().get(0).uar()));
            double[] k = new double[n];
            double[] gain = new double[n];
            for (int i = 0; i < n; i++) {
                k[i] = r.bestPerK().get(i).k();
                gain[i] = 100 * (r.bestPerK().get(i).uar() - r.singles().mean());
            }
            gains.computeIfAbsent(c, x -> new LinkedHashMap<>()).put(group + " (n=" + n + ")",
                    new double[][] {k, gain});
        } else {
            ScoreTable t = ScoreTable.of(in.test(), CombinationRule.SUM_LOGITS);
            int[] all = java.util.stream.IntStream.range(0, n).toArray();
            cells.add(Cell.of(100 * t.confusion(all).uar()));
            cells.add(Cell.text("not computed (n=" + n + " > " + settings.maxAllKSystems() + ")"));
        }
        return cells;
    }

    private FusionInputs inputs(List<SystemRun> group, TestColumn c) {
        return FusionInputs.of(group.stream().map(SystemRun::dir).toList(),
                group.stream().map(SystemRun::info).toList(), group.stream().map(SystemRun::predictions).toList(), c);
    }

    private ResultTable table5(List<TestColumn> cols) {
        Map<String, java.util.function.Predicate<SystemRun>> groups = new LinkedHashMap<>();
        groups.put("vanilla+mtl+dann", s -> TABLE3_MODES.contains(s.info().mode()));
        groups.put("EM+EF+JM+JF", s -> TABLE4_MODES.contains(s.info().mode()));
        groups.put("all", s -> true);
        List<String> names = new ArrayList<>();
        List<Cell> inter = new ArrayList<>();
        List<Cell> late = new ArrayList<>();
        for (TestColumn c : cols) {
            for (Map.Entry<String, java.util.function.Predicate<SystemRun>> g : groups.entrySet()) {
                List<SystemRun> sel = select(c, s -> !singleCorpus(s) && g.getValue().test(s));
                int n = sel.size();
                names.add(c + " · " + (n == 0 ? "" : n + "C" + n + " ") + g.getKey());
                if (n == 0) {
                    inter.add(Cell.MISSING);
                    late.add(Cell.MISSING);
                    continue;
                }
                FusionInputs in = inputs(sel, c);
                int[] all = java.util.stream.IntStream.range(0, n).toArray();
                late.add(Cell.of(100 * ScoreTable.of(in.test(), CombinationRule.SUM_LOGITS).confusion(all).uar()));
                inter.add(intermediate(sel, c));
            }
        }
        if (names.isEmpty()) {
            names.add("(no runs)");
            inter.add(Cell.MISSING);
            late.add(Cell.MISSING);
        }
        return new ResultTable("table5", "Table 5: full integration, intermediate concatenation vs late combination "
                + "(UAR %)", "All systems of a group combined (nCn), multi-corpus runs. Intermediate concatenation "
                + "trains a " + settings.classifier() + " classifier on the concatenated pooled embeddings of the "
                + "training folds and tests on the held-out fold; " + ResultTable.MISSING_MD + " = no runs, no "
                + "embeddings, or not requested (intermediate: true in the report settings). UAR pooled over folds.",
                names, List.of(new Row("Intermediate concatenation", inter), new Row("Late combination", late)));
    }

    private Cell intermediate(List<SystemRun> sel, TestColumn c) {
        if (!settings.intermediate()) {
            return Cell.MISSING;
        }
        List<Path> dirs = sel.stream().map(SystemRun::dir).toList();
        if (!IntermediateFusion.hasEmbeddings(dirs)) {
            return Cell.MISSING;
        }
        try {
            IntermediateFusion.Result r = IntermediateFusion.evaluate(dirs, c,
                    IntermediateFusion.Classifier.parse(settings.classifier()), 17);
            return Cell.of(100 * r.evaluation().pooledUar());
        } catch (BadInputException e) {
            LOG.warn("intermediate concatenation for {} skipped: {}", c, e.getMessage());
            return Cell.MISSING;
        }
    }

    private ResultTable table6(List<TestColumn> cols) {
        List<Row> rows = new ArrayList<>();
        // Quoted from the paper (IEMOCAP), for comparison only; not computed here.
        rows.add(new Row("Co-attention [21] (quoted, IEMOCAP)", List.of(Cell.of(72.70), Cell.of(71.64))));
        rows.add(new Row("MLT-DNet [22] (quoted, IEMOCAP)", List.of(Cell.of(73.01), Cell.MISSING)));
        rows.add(new Row("GLAM [23] (quoted, IEMOCAP)", List.of(Cell.of(73.90), Cell.of(73.70))));
        rows.add(new Row("Speaker norm. [24] (quoted, IEMOCAP)", List.of(Cell.MISSING, Cell.of(74.20))));
        rows.add(new Row("Lee 2023 late comb. max 30C9 (quoted, IEMOCAP)", List.of(Cell.of(78.45), Cell.of(77.69))));
        boolean any = false;
        for (TestColumn c : cols) {
            List<SystemRun> sel = select(c, s -> !singleCorpus(s) && TABLE3_MODES.contains(s.info().mode()));
            if (sel.isEmpty()) {
                continue;
            }
            any = true;
            int n = sel.size();
            int k = Math.min(settings.table6K(), n);
            FusionInputs in = inputs(sel, c);
            FusionResult oracle = FusionStudy.run(in, new FusionSettings(List.of(k), settings.top(),
                    FusionProtocol.TEST, CombinationRule.SUM_LOGITS, settings.threads()));
            FusionEntry best = oracle.top().get(0);
            rows.add(new Row("ser4j late comb. max " + n + "C" + k + " [" + c + "] (" + best.composition()
                    + "; oracle, optimistic)", List.of(Cell.of(100 * best.uar()), Cell.of(100 * best.war()))));
            boolean nestedPossible = in.test().folds().length > 0
                    && java.util.stream.IntStream.of(in.test().folds()).distinct().count() > 1;
            if (nestedPossible) {
                FusionResult nested = FusionStudy.run(in, new FusionSettings(List.of(k), 1, FusionProtocol.NESTED,
                        CombinationRule.SUM_LOGITS, settings.threads()));
                rows.add(new Row("ser4j late comb. " + n + "C" + k + " [" + c + "] (nested: chosen on the other folds)",
                        List.of(Cell.of(100 * nested.nested().uar()), Cell.of(100 * nested.nested().war()))));
            }
            ScoreTable t = ScoreTable.of(in.test(), CombinationRule.SUM_LOGITS);
            ConfusionMatrix cm = t.confusion(best.members());
            String png = "confusion-" + slug(c.toString()) + ".png";
            try {
                Charts.confusion(out.resolve(png), String.format(Locale.ROOT, "%s: best %dC%d, UAR %.2f%% (oracle)",
                        c, n, k, 100 * cm.uar()), cm);
                figures.add(new String[] {png, "Confusion matrix (% of each true class) of the best " + n + "C" + k
                        + " late combination on " + c + ", chosen on test (oracle), in the style of the paper's "
                        + "Fig. 4"});
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        if (!any) {
            rows.add(new Row("ser4j late comb. max nCk", List.of(Cell.MISSING, Cell.MISSING)));
        }
        return new ResultTable("table6", "Table 6: best late combination vs earlier systems", "Quoted rows are the "
                + "paper's numbers on IEMOCAP, for comparison only. ser4j rows: vanilla+MTL+DANN systems of multi-"
                + "corpus runs, UAR/WAR in % pooled over folds; 'oracle' picks the subset on the rows it is scored on "
                + "(the paper's protocol); 'nested' picks it on the other folds and is the honest estimate.",
                List.of("UAR (%)", "WAR (%)"), rows);
    }

    /** Mean pairwise correlation of logits and of errors within each mode (the paper's diversity argument). */
    private ResultTable diversity(List<TestColumn> cols) {
        List<String> names = new ArrayList<>();
        List<Cell> logit = new ArrayList<>();
        List<Cell> error = new ArrayList<>();
        List<Cell> count = new ArrayList<>();
        for (TestColumn c : cols) {
            for (String mode : SystemInfo.MODES) {
                List<SystemRun> sel = select(c, s -> s.info().mode().equals(mode));
                if (sel.size() < 2) {
                    continue;
                }
                AlignedPredictions p = inputs(sel, c).test();
                SystemCorrelation corr = SystemCorrelation.of(p);
                names.add(c + " · " + mode);
                logit.add(Cell.text(String.format(Locale.ROOT, "%.3f",
                        SystemCorrelation.meanOffDiagonal(corr.logitCorrelation()))));
                error.add(Cell.text(String.format(Locale.ROOT, "%.3f",
                        SystemCorrelation.meanOffDiagonal(corr.errorCorrelation()))));
                count.add(Cell.text(Integer.toString(sel.size())));
            }
        }
        if (names.isEmpty()) {
            names.add("(no group with two or more systems)");
            logit.add(Cell.MISSING);
            error.add(Cell.MISSING);
            count.add(Cell.MISSING);
        }
        return new ResultTable("diversity", "Diversity: correlation between systems of a mode", "Mean pairwise "
                + "Pearson correlation of per-utterance-centred logits and of 0/1 errors, test rows of each column. "
                + "Lower correlation at similar accuracy is what late combination profits from.", names,
                List.of(new Row("systems", count), new Row("logit correlation", logit),
                        new Row("error correlation", error)));
    }

    private void writeSystemsCsv(List<TestColumn> cols) throws IOException {
        StringBuilder sb = new StringBuilder("system,experiment,mode,trial,selection,column,uar_pooled,war_pooled,"
                + "uar_mean_of_folds,war_mean_of_folds,fold_uars\n");
        for (SystemRun s : systems) {
            for (TestColumn c : cols) {
                if (!s.columns().contains(c)) {
                    continue;
                }
                FoldedEvaluation ev = FoldedEvaluation.of(s.test(c));
                StringBuilder folds = new StringBuilder();
                ev.perFold().forEach((f, cm) -> folds.append(folds.length() == 0 ? "" : " ").append(f).append(':')
                        .append(String.format(Locale.ROOT, "%.2f", 100 * cm.uar())));
                sb.append(org.ser4j.util.Csv.line(List.of(runs.relativize(s.dir()).toString(), s.info().experiment(),
                        s.info().mode(), Integer.toString(s.info().trial()), s.info().selection(), c.toString(),
                        f2(ev.pooledUar()), f2(ev.pooledWar()), f2(ev.meanOfFoldsUar()), f2(ev.meanOfFoldsWar()),
                        folds.toString()))).append('\n');
            }
        }
        AtomicFiles.writeString(out.resolve("systems.csv"), sb.toString());
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? ResultTable.MISSING_CSV : String.format(Locale.ROOT, "%.2f", 100 * v);
    }

    private void gainFigures() throws IOException {
        for (Map.Entry<TestColumn, Map<String, double[][]>> e : gains.entrySet()) {
            String png = "fusion-gain-" + slug(e.getKey().toString()) + ".png";
            Charts.lines(out.resolve(png), "Fusion gain vs k, " + e.getKey() + " (oracle)", "k (systems combined)",
                    "best UAR minus mean single UAR (points)", e.getValue());
            figures.add(new String[] {png, "Best late combination of each size k minus the mean single-system UAR, "
                    + "per group of trials on " + e.getKey() + " (chosen on test: oracle)"});
        }
    }

    private void curveFigures() throws IOException {
        for (SystemRun s : systems) {
            Map<String, double[][]> series = new LinkedHashMap<>();
            try (Stream<Path> list = Files.list(s.dir())) {
                for (Path fold : (Iterable<Path>) list.filter(RunLayout::isFoldDir)
                        .sorted()::iterator) {
                    Path m = fold.resolve(RunLayout.METRICS);
                    if (!Files.isRegularFile(m)) {
                        continue;
                    }
                    Map<String, List<MetricsLine>> bySplit = new LinkedHashMap<>();
                    for (MetricsLine l : MetricsLog.readAll(m)) {
                        if (!Double.isNaN(l.uar())) {
                            bySplit.computeIfAbsent(l.split(), x -> new ArrayList<>()).add(l);
                        }
                    }
                    bySplit.forEach((split, lines) -> {
                        double[] x = lines.stream().mapToDouble(MetricsLine::step).toArray();
                        double[] y = lines.stream().mapToDouble(l -> 100 * l.uar()).toArray();
                        series.put(fold.getFileName() + " " + split, new double[][] {x, y});
                    });
                }
            }
            if (series.isEmpty()) {
                continue;
            }
            String rel = runs.relativize(s.dir()).toString();
            String png = "curves/" + slug(rel) + ".png";
            Charts.lines(out.resolve(png), "UAR vs step: " + rel, "step", "UAR (%)", series);
            figures.add(new String[] {png, "UAR against training step per fold, " + rel});
        }
    }

    private void writeIndex() throws IOException {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>ser4j report"
                + "</title><style>body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:"
                + "collapse}td,th{border:1px solid #aaa;padding:3px 8px;text-align:right}td:first-child{text-align:"
                + "left}img{max-width:100%}</style></head><body>\n<h1>ser4j report</h1>\n<p>Runs: "
                + esc(runs.toString()) + " (" + systems.size() + " system folders). UAR/WAR in %, pooled over folds. "
                + "Per-system scores, pooled and mean over folds: <a href=\"systems.csv\">systems.csv</a>.</p>\n");
        for (ResultTable t : tables) {
            h.append("<h2>").append(esc(t.title())).append("</h2>\n<p>").append(esc(t.note())).append(" [<a href=\"")
                    .append(t.id()).append(".md\">md</a>, <a href=\"").append(t.id()).append(".csv\">csv</a>]</p>\n")
                    .append("<table><tr><th></th>");
            t.columns().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
            h.append("</tr>\n");
            for (Row r : t.rows()) {
                h.append("<tr><td>").append(esc(r.label())).append("</td>");
                r.cells().forEach(c -> h.append("<td>").append(esc(c.render(ResultTable.MISSING_MD))).append("</td>"));
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<h2>Figures</h2>\n");
        if (figures.isEmpty()) {
            h.append("<p>No figures: no runs with predictions or metrics.</p>\n");
        }
        for (String[] f : figures) {
            h.append("<figure><img src=\"").append(esc(f[0])).append("\" alt=\"").append(esc(f[1]))
                    .append("\"><figcaption>").append(esc(f[1])).append("</figcaption></figure>\n");
        }
        h.append("</body></html>\n");
        AtomicFiles.writeString(out.resolve("index.html"), h.toString());
    }

    static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
