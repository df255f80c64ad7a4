package org.ser4j.data.jtes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

class JtesCorpusTest {
    @TempDir
    Path dir;

    @Test
    void buildsIdsSpeakersSessionsAndMapsJoyToHap() throws Exception {
        Path top = FakeCorpora.jtes(dir);
        Manifest m = JtesCorpus.build(top);
        Map<String, ManifestRow> byId = m.rows().stream()
                .collect(Collectors.toMap(ManifestRow::uttId, Function.identity()));
        assertEquals(List.of("f01_ang_01", "f01_ang_02", "f01_joy_01", "f01_neu_01", "f01_sad_01", "f21_sad_50",
                "m11_joy_02", "m50_neu_49"), m.sortedRows().stream().map(ManifestRow::uttId).toList());
        ManifestRow joy = byId.get("f01_joy_01");
        assertEquals(List.of("hap", "f01", "F", "JF", 1, "ja", "jtes"), List.of(joy.emotion(), joy.speaker(),
                joy.gender(), joy.domain(), joy.session(), joy.language(), joy.corpus()));
        assertEquals("jtes_v1.1/wav/f01/joy/f01_joy_01.wav", joy.path());
        assertEquals("joy_01", joy.extras().get(JtesCorpus.SENTENCE_COLUMN), "text id keeps the original code");
        assertEquals(0.3, joy.durationS(), 1e-9);
        ManifestRow m11 = byId.get("m11_joy_02");
        assertEquals(List.of("M", "JM", 2), List.of(m11.gender(), m11.domain(), m11.session()));
        assertEquals(0.2, m11.durationS(), 1e-9, "9600 frames at 48 kHz");
        assertEquals(3, byId.get("f21_sad_50").session());
        assertEquals(5, byId.get("m50_neu_49").session());
    }

    @Test
    void sessionAssumptionAndItsOverride() throws Exception {
        assertEquals(1, JtesCorpus.defaultSession("f01"));
        assertEquals(1, JtesCorpus.defaultSession("m10"));
        assertEquals(2, JtesCorpus.defaultSession("m11"));
        assertEquals(5, JtesCorpus.defaultSession("f50"));
        Path top = FakeCorpora.jtes(dir);
        Path map = dir.resolve("sessions.csv");
        Files.writeString(map, "speaker,session\nf01,3\nm11,3\nf21,1\nm50,2\n");
        Manifest m = JtesCorpus.build(top.resolve("jtes_v1.1"), EmotionSet.DEFAULT, DomainSet.DEFAULT,
                JtesCorpus.readSessionMap(map));
        Map<String, Integer> s = m.rows().stream().collect(Collectors.toMap(ManifestRow::uttId, ManifestRow::session));
        assertEquals(3, s.get("f01_ang_01"));
        assertEquals(1, s.get("f21_sad_50"));
        assertEquals("wav/f01/ang/f01_ang_01.wav", m.rows().get(0).path(), "paths relative to the root given");
        Files.writeString(map, "speaker,session\nf01,3\n");
        BadInputException e = assertThrows(BadInputException.class, () -> JtesCorpus.build(top, EmotionSet.DEFAULT,
                DomainSet.DEFAULT, JtesCorpus.readSessionMap(map)));
        assertEquals(true, e.getMessage().contains("has no session"), e.getMessage());
    }

    @Test
    void misnamedFileIsBadInput() throws Exception {
        Path top = FakeCorpora.jtes(dir);
        FakeCorpora.wav(top.resolve("jtes_v1.1/wav/f01/sad/f02_sad_01.wav"), 100, 16000);
        BadInputException e = assertThrows(BadInputException.class, () -> JtesCorpus.build(top));
        assertEquals(true, e.getMessage().contains("f02_sad_01.wav"), e.getMessage());
    }
}
