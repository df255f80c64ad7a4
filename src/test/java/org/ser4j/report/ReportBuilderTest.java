package org.ser4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.bench.SimulatedSystems;
import org.ser4j.eval.FoldedEvaluation;
import org.ser4j.eval.PredictionTable;
import org.ser4j.eval.TestColumn;
import org.ser4j.eval.TrialStats;
import org.ser4j.fusion.SystemFixtures;
import org.ser4j.util.BadInputException;

/** Reports built from fixture system folders: files exist, cells hold the right numbers, gaps are marked. */
class ReportBuilderTest {
    @TempDir
    static Path root;
    static Path runs;
    static Path out;
    static List<ResultTable> tables;
    static List<Path> multi;

    @BeforeAll
    static void build() throws Exception {
        runs = root.resolve("runs");
        List<SimulatedSystems.Utterance> utts = SystemFixtures.twoLanguages(3, 30, 8);
        // multi-corpus vanilla + mtl (no dann, no fake-*: those cells must be missing), with metrics and embeddings
        multi = SystemFixtures.write(runs, "multi", List.of("vanilla", "mtl"), 3, utts,
                SimulatedSystems.Noise.paperLike(), 5, new SystemFixtures.Options(false, 4, true));
        // single-corpus vanilla on the English half only
        List<SimulatedSystems.Utterance> en = utts.stream().filter(u -> u.language().equals("en")).toList();
        SystemFixtures.write(runs, "single-en", List.of("vanilla"), 2, en, SimulatedSystems.Noise.paperLike(), 6,
                SystemFixtures.Options.plain());
        out = root.resolve("report");
        ReportSettings s = new ReportSettings(2, 16, 5, true, "linear", 2);
        tables = ReportBuilder.build(runs, out, s);
    }

    static ResultTable table(String id) {
        return tables.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void writesEveryTableFigureAndTheIndex() throws Exception {
        for (String id : List.of("table2", "table3", "table4", "table5", "table6", "diversity")) {
            assertTrue(Files.size(out.resolve(id + ".md")) > 0, id);
            assertTrue(Files.size(out.resolve(id + ".csv")) > 0, id);
        }
        String index = Files.readString(out.resolve("index.html"));
        assertTrue(index.contains("Table 2") && index.contains("Table 6"));
        for (String png : List.of("confusion-synth_en.png", "confusion-synth_ja.png", "fusion-gain-synth_en.png",
                "curves/multi_vanilla_trial-1.png")) {
            Path f = out.resolve(png);
            assertTrue(Files.isRegularFile(f), png);
            byte[] b = Files.readAllBytes(f);
            assertEquals((byte) 0x89, b[0], png + " is a PNG");
            assertEquals('P', b[1]);
            assertTrue(index.contains(png), png + " linked from index.html");
        }
        assertTrue(Files.readString(out.resolve("systems.csv")).contains("uar_mean_of_folds"));
    }

    @Test
    void table3CellsMatchTheSystemsAndMissingModesAreMarked() {
        ResultTable t3 = table("table3");
        TestColumn en = new TestColumn("synth", "en");
        List<Double> uars = multi.stream().filter(d -> d.toString().contains("/vanilla/"))
                .map(d -> 100 * FoldedEvaluation.of(PredictionTable.read(d.resolve("predictions.csv")).split("test")
                        .column(en)).pooledUar()).toList();
        TrialStats st = TrialStats.of(uars);
        assertEquals(st.mean(), t3.cell("Mean", "synth/en · vanilla").value(), 1e-9);
        assertEquals(st.std(), t3.cell("Stdev", "synth/en · vanilla").value(), 1e-9);
        assertEquals(st.max(), t3.cell("Max", "synth/en · vanilla").value(), 1e-9);
        // max over all k is at least the full combination and at least the best single trial
        double maxNck = t3.cell("Max nCk", "synth/en · vanilla").value();
        assertTrue(maxNck >= t3.cell("Late comb.", "synth/en · vanilla").value());
        assertTrue(maxNck >= st.max());
        assertTrue(t3.cell("Mean", "synth/en · dann").missing());
        assertTrue(table("table4").cell("Mean", "synth/ja · fake-JF").missing());
        assertTrue(t3.markdown().contains(ResultTable.MISSING_MD));
        assertTrue(t3.csv().contains(ResultTable.MISSING_CSV));
    }

    @Test
    void singleCorpusRunsFillOnlyTheirColumnOfTable2() {
        ResultTable t2 = table("table2");
        assertFalse(t2.cell("Mean", "synth/en").missing());
        assertTrue(t2.cell("Mean", "synth/ja").missing());
    }

    @Test
    void table5And6HoldLateAndIntermediateFusion() {
        ResultTable t5 = table("table5");
        String col = t5.columns().stream().filter(c -> c.startsWith("synth/en") && c.contains("vanilla+mtl+dann"))
                .findFirst().orElseThrow();
        assertTrue(col.contains("6C6"), col);
        assertFalse(t5.cell("Late combination", col).missing());
        assertFalse(t5.cell("Intermediate concatenation", col).missing());
        String fake = t5.columns().stream().filter(c -> c.startsWith("synth/en") && c.contains("EM+EF+JM+JF"))
                .findFirst().orElseThrow();
        assertTrue(t5.cell("Late combination", fake).missing());
        ResultTable t6 = table("table6");
        assertTrue(t6.rows().stream().anyMatch(r -> r.label().contains("oracle")));
        assertTrue(t6.rows().stream().anyMatch(r -> r.label().contains("nested")));
        assertEquals(78.45, t6.cell("Lee 2023 late comb. max 30C9 (quoted, IEMOCAP)", "UAR (%)").value(), 0);
    }

    @Test
    void runsFolderWithoutSystemsIsBadInputAndWritesNothing() throws Exception {
        // issue 21: empty tables with exit 0 looked like a report; a folder without systems is most likely wrong
        Path empty = Files.createDirectories(root.resolve("empty"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> ReportBuilder.build(empty, root.resolve("empty-report"), ReportSettings.defaults()));
        assertTrue(e.getMessage().startsWith(empty + ": no system folders found"), e.getMessage());
        assertFalse(Files.exists(root.resolve("empty-report")), "nothing written");
        // a system.json without predictions.csv is not a system either
        Path half = Files.createDirectories(root.resolve("half/exp/mtl/trial-1"));
        Files.copy(multi.get(0).resolve("system.json"), half.resolve("system.json"));
        assertThrows(BadInputException.class,
                () -> ReportBuilder.build(root.resolve("half"), root.resolve("half-report"), ReportSettings.defaults()));
        assertFalse(Files.exists(root.resolve("half-report")), "nothing written");
    }

    @Test
    void settingsRejectUnknownKeysByName() throws Exception {
        Path y = root.resolve("report.yaml");
        Files.writeString(y, "table6_k: 5\ntopp: 3\n");
        BadInputException e = assertThrows(BadInputException.class, () -> ReportSettings.read(y));
        assertTrue(e.getMessage().contains("'topp'"), e.getMessage());
        Files.writeString(y, "table6_k: 5\nclassifier: mlp\n");
        ReportSettings s = ReportSettings.read(y);
        assertEquals(5, s.table6K());
        assertEquals("mlp", s.classifier());
        assertEquals(ReportSettings.defaults().top(), s.top());
        Files.writeString(y, "table6_k: 7\nmax_all_k_systems: 12\ntop: 3\nintermediate: true\nclassifier: linear\n"
                + "threads: 1\n");
        assertEquals(new ReportSettings(7, 12, 3, true, "linear", 1), ReportSettings.read(y));
    }
}
