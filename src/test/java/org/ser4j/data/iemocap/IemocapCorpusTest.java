package org.ser4j.data.iemocap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.DomainSet;
import org.ser4j.data.EmotionSet;
import org.ser4j.data.FakeCorpora;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.util.BadInputException;

class IemocapCorpusTest {
    @TempDir
    Path dir;

    @Test
    void buildsTheFourClassManifestWithUtteranceSpeakers() throws Exception {
        Path root = FakeCorpora.iemocap(dir);
        Manifest m = IemocapCorpus.build(root);
        Map<String, ManifestRow> byId = m.rows().stream()
                .collect(Collectors.toMap(ManifestRow::uttId, Function.identity()));
        assertEquals(List.of("Ses01F_impro01_F000", "Ses01F_impro01_M000", "Ses01F_script01_2_F002",
                "Ses02M_impro05a_F003", "Ses02M_impro05a_M012"),
                m.sortedRows().stream().map(ManifestRow::uttId).toList(), "xxx, fru, sur and dot-files are dropped");

        ManifestRow male = byId.get("Ses01F_impro01_M000");
        assertEquals("Ses01_M", male.speaker(), "speaker from the letter after the last underscore");
        assertEquals("M", male.gender());
        assertEquals("EM", male.domain());
        assertEquals("hap", male.emotion(), "EXC -> hap, case-insensitive");
        assertEquals(1, male.session());
        assertEquals("Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_M000.wav", male.path());
        assertEquals(1.5, male.durationS(), 1e-9);

        ManifestRow f = byId.get("Ses01F_impro01_F000");
        assertEquals(List.of("Ses01_F", "F", "EF", "neu", 1), List.of(f.speaker(), f.gender(), f.domain(),
                f.emotion(), f.session()));
        assertEquals("ang", byId.get("Ses01F_script01_2_F002").emotion());

        ManifestRow s2m = byId.get("Ses02M_impro05a_M012");
        assertEquals(List.of("Ses02_M", "M", "sad", 2, "iemocap", "en"), List.of(s2m.speaker(), s2m.gender(),
                s2m.emotion(), s2m.session(), s2m.corpus(), s2m.language()));
        assertEquals(2.5, s2m.durationS(), 1e-9, "20000 frames at 8 kHz, from the header");
        ManifestRow s2f = byId.get("Ses02M_impro05a_F003");
        assertEquals(List.of("Ses02_F", "F", "hap"), List.of(s2f.speaker(), s2f.gender(), s2f.emotion()));
        assertEquals(root.toAbsolutePath().normalize(), m.root());
        assertTrue(Files.isRegularFile(m.audioPath(male)));
    }

    @Test
    void anotherLabelSetKeepsOtherCodesAndExcitedStaysSeparateWhenListed() throws Exception {
        Path root = FakeCorpora.iemocap(dir);
        Manifest m = IemocapCorpus.build(root, EmotionSet.parse("neu,fru,exc"), DomainSet.DEFAULT);
        Map<String, String> emo = m.rows().stream().collect(Collectors.toMap(ManifestRow::uttId, ManifestRow::emotion));
        assertEquals(Map.of("Ses01F_impro01_F000", "neu", "Ses01F_impro01_M000", "exc", "Ses01F_impro01_M001", "fru"),
                emo);
    }

    @Test
    void summaryLineParserIgnoresAnnotatorLinesAndRejectsBrokenSummaries() {
        String text = "% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]\n\n"
                + "[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]\n"
                + "C-E2:\tNeutral;\t()\nA-E3:\tval 3; act 2; dom  2;\t()\n\n";
        List<IemocapLabelFile.Entry> e = IemocapLabelFile.parse(text, "x.txt");
        assertEquals(1, e.size());
        assertEquals(new IemocapLabelFile.Entry("Ses01F_impro01_F000", "neu", 6.2901, 8.2357), e.get(0));
        BadInputException ex = assertThrows(BadInputException.class,
                () -> IemocapLabelFile.parse("[oops]\n", "y.txt"));
        assertTrue(ex.getMessage().contains("y.txt line 1"), ex.getMessage());
    }

    @Test
    void aMissingWavOrAWrongRootIsNamed() throws Exception {
        Path root = FakeCorpora.iemocap(dir);
        Files.delete(root.resolve("Session2/sentences/wav/Ses02M_impro05a/Ses02M_impro05a_F003.wav"));
        BadInputException e = assertThrows(BadInputException.class, () -> IemocapCorpus.build(root));
        assertTrue(e.getMessage().contains("Ses02M_impro05a_F003.wav"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> IemocapCorpus.build(dir));
        assertTrue(e.getMessage().contains("no Session1..Session5"), e.getMessage());
    }
}
