package org.ser4j.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.FakeCorpora;
import org.ser4j.data.Folds;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;

import picocli.CommandLine;

class CorpusCommandsTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Ser4j.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Map<String, ManifestRow> byId(Manifest m) {
        return m.rows().stream().collect(Collectors.toMap(ManifestRow::uttId, Function.identity()));
    }

    @Test
    void manifestOnAnIemocapTree() throws Exception {
        Path root = FakeCorpora.iemocap(dir);
        Path out = dir.resolve("out/iemocap.csv");
        Run r = run("corpus", "manifest", "--corpus", "iemocap", "--root", root.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("wrote 5 utterances"), r.out());
        // Counts per session x emotion: session 1 has ang 1, hap 1, neu 1; session 2 hap 1, sad 1.
        assertTrue(r.out().contains(String.format("%-8d%8d%8d%8d%8d%8d", 1, 1, 1, 1, 0, 3)), r.out());
        assertTrue(r.out().contains(String.format("%-8d%8d%8d%8d%8d%8d", 2, 0, 1, 0, 1, 2)), r.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals("utt_id,path,corpus,language,speaker,gender,domain,session,emotion,duration_s", lines.get(0));
        assertEquals("Ses01F_impro01_F000,Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_F000.wav,iemocap,en,"
                + "Ses01_F,F,EF,1,neu,1.0000", lines.get(1));
        Map<String, ManifestRow> rows = byId(Manifest.read(out, root));
        assertEquals(5, rows.size());
        ManifestRow male = rows.get("Ses01F_impro01_M000");
        assertEquals(List.of("Ses01_M", "M", "EM", 1, "hap"), List.of(male.speaker(), male.gender(), male.domain(),
                male.session(), male.emotion()));
        ManifestRow s2 = rows.get("Ses02M_impro05a_F003");
        assertEquals(List.of("Ses02_F", "F", "EF", 2, "hap"), List.of(s2.speaker(), s2.gender(), s2.domain(),
                s2.session(), s2.emotion()));
        assertEquals("sad", rows.get("Ses02M_impro05a_M012").emotion());
        assertEquals("ang", rows.get("Ses01F_script01_2_F002").emotion());

        // check: all readable; then break one file and see it reported (exit 2), with a report file.
        Run ok = run("corpus", "check", "--manifest", out.toString(), "--root", root.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("checked 5 files") && ok.out().contains("0 unreadable"), ok.out());
        Path victim = root.resolve("Session2/sentences/wav/Ses02M_impro05a/Ses02M_impro05a_M012.wav");
        byte[] bytes = Files.readAllBytes(victim);
        Files.write(victim, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path other = root.resolve("Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_F000.wav");
        Files.writeString(other, "garbage");
        Path report = dir.resolve("bad.csv");
        Run bad = run("corpus", "check", "--manifest", out.toString(), "--root", root.toString(), "--report",
                report.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.out().contains("2 unreadable"), bad.out());
        assertTrue(bad.out().contains("Ses02M_impro05a_M012.wav: truncated data chunk"), bad.out());
        assertTrue(bad.out().contains("Ses01F_impro01_F000.wav: not a RIFF"), bad.out());
        assertEquals(3, Files.readAllLines(report).size());
        Run fast = run("corpus", "check", "--manifest", out.toString(), "--root", root.toString(), "--fail-fast");
        assertEquals(2, fast.exit());
        assertTrue(fast.err().contains("WAV file"), fast.err());
    }

    /** Issue 21: a float WAV with NaN or Inf samples is reported by {@code corpus check} (exit 2, file named). */
    @Test
    void checkReportsNonFiniteAudio() throws Exception {
        Path root = FakeCorpora.iemocap(dir);
        Path out = dir.resolve("out/iemocap.csv");
        assertEquals(0, run("corpus", "manifest", "--corpus", "iemocap", "--root", root.toString(), "--out",
                out.toString()).exit());
        Path nan = root.resolve("Session2/sentences/wav/Ses02M_impro05a/Ses02M_impro05a_M012.wav");
        Files.write(nan, org.ser4j.audio.TestWavs.wav(3, false, 1, 16000, 32,
                org.ser4j.audio.TestWavs.packFloats(32, 0.1, 0.2, Double.NaN, 0.1), null));
        Path inf = root.resolve("Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_F000.wav");
        Files.write(inf, org.ser4j.audio.TestWavs.wav(3, true, 1, 16000, 64,
                org.ser4j.audio.TestWavs.packFloats(64, Double.POSITIVE_INFINITY, 0.1), null));
        Run bad = run("corpus", "check", "--manifest", out.toString(), "--root", root.toString());
        assertEquals(2, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.out().contains("2 unreadable"), bad.out());
        assertTrue(bad.out().contains("Ses02M_impro05a_M012.wav: non-finite sample NaN at sample index 2"),
                bad.out());
        assertTrue(bad.out().contains("Ses01F_impro01_F000.wav: non-finite sample Infinity at sample index 0"),
                bad.out());
        Run fast = run("corpus", "check", "--manifest", out.toString(), "--root", root.toString(), "--fail-fast");
        assertEquals(2, fast.exit());
        assertTrue(fast.err().contains("non-finite sample"), fast.err());
    }

    @Test
    void manifestOnAJtesTreeAndFolds() throws Exception {
        Path top = FakeCorpora.jtes(dir);
        Path out = dir.resolve("jtes.csv");
        Run r = run("corpus", "manifest", "--corpus", "jtes", "--root", top.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        Map<String, ManifestRow> rows = byId(Manifest.read(out, top));
        assertEquals(8, rows.size());
        ManifestRow m11 = rows.get("m11_joy_02");
        assertEquals(List.of("m11", "M", "JM", 2, "hap", "ja", "jtes_v1.1/wav/m11/joy/m11_joy_02.wav"),
                List.of(m11.speaker(), m11.gender(), m11.domain(), m11.session(), m11.emotion(), m11.language(),
                        m11.path()));
        assertEquals("F", rows.get("f21_sad_50").gender());
        assertEquals(3, rows.get("f21_sad_50").session());
        assertEquals("ang_02", rows.get("f01_ang_02").extras().get("sentence_id"));
        assertTrue(Files.readAllLines(out).get(0).endsWith("duration_s,sentence_id"));

        Path iemocap = dir.resolve("iemocap.csv");
        assertEquals(0, run("corpus", "manifest", "--corpus", "iemocap", "--root", FakeCorpora.iemocap(dir).toString(),
                "--out", iemocap.toString()).exit());
        Path splits = dir.resolve("splits.csv");
        Run f = run("corpus", "folds", "--manifest", out.toString(), "--manifest", iemocap.toString(), "--out",
                splits.toString());
        assertEquals(0, f.exit(), f.err());
        Folds folds = Folds.read(splits);
        assertEquals(List.of(1, 2, 3, 5), folds.foldNumbers());
        assertEquals(List.of("Ses01F_impro01_F000", "Ses01F_impro01_M000", "Ses01F_script01_2_F002", "f01_ang_01",
                "f01_ang_02", "f01_joy_01", "f01_neu_01", "f01_sad_01"), folds.fold(1).test());
        folds.checkAgainst(List.of(Manifest.read(out), Manifest.read(iemocap)));
        assertTrue(f.out().contains("split sha256 " + folds.fingerprint()), f.out());
    }

    @Test
    void csvCorpusAndBadInputExitCodes() throws Exception {
        FakeCorpora.wav(dir.resolve("a/x.wav"), 1600, 16000);
        Path csv = dir.resolve("mine.csv");
        Files.writeString(csv, "path,emotion,speaker,gender,language,session\na/x.wav,neu,s1,F,en,1\n"
                + "a/x.wav,fru,s1,F,en,1\n");
        Path out = dir.resolve("m.csv");
        Run r = run("corpus", "manifest", "--corpus", "csv", "--root", csv.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("left out 1 rows"), r.out());
        assertEquals("mine", Manifest.read(out).rows().get(0).corpus());
        Run missing = run("corpus", "manifest", "--corpus", "iemocap", "--root", dir.resolve("nowhere").toString(),
                "--out", out.toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nowhere"), missing.err());
        assertEquals(2, run("corpus", "manifest", "--corpus", "timit", "--root", ".", "--out", "x").exit());
    }
}
