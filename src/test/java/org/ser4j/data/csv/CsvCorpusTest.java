package org.ser4j.data.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.DomainSet;
import org.ser4j.data.EmotionSet;
import org.ser4j.data.FakeCorpora;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.util.BadInputException;

class CsvCorpusTest {
    @TempDir
    Path dir;

    @Test
    void readsRelativePathsDefaultsAndExtraColumns() throws Exception {
        FakeCorpora.wav(dir.resolve("audio/a.wav"), 16000, 16000);
        FakeCorpora.wav(dir.resolve("audio/b.wav"), 4000, 8000);
        FakeCorpora.wav(dir.resolve("audio/c.wav"), 800, 16000);
        Path csv = dir.resolve("my.csv");
        Files.writeString(csv, "Path,Emotion,speaker,gender,language,session,sentence_id,arousal\n"
                + "audio/a.wav,ANG,s1,female,EN,1,t01,0.8\n"
                + "audio/b.wav,sad,s2,M,ja,2,t02,0.2\n"
                + "audio/c.wav,fru,s2,M,ja,2,t03,0.5\n");
        CsvCorpus.Result r = CsvCorpus.load(csv, "mine", EmotionSet.DEFAULT, DomainSet.DEFAULT);
        assertEquals(1, r.droppedRows(), "fru is not in the default set");
        Manifest m = r.manifest();
        assertEquals(List.of("sentence_id", "arousal"), m.extraColumns());
        ManifestRow a = m.rows().get(0);
        assertEquals(List.of("a", "audio/a.wav", "mine", "en", "s1", "F", "EF", 1, "ang"), List.of(a.uttId(),
                a.path(), a.corpus(), a.language(), a.speaker(), a.gender(), a.domain(), a.session(), a.emotion()));
        assertEquals(1.0, a.durationS(), 1e-9);
        assertEquals("0.8", a.extras().get("arousal"));
        ManifestRow b = m.rows().get(1);
        assertEquals(List.of("JM", 0.5), List.of(b.domain(), b.durationS()));
        assertEquals(dir.toAbsolutePath().normalize(), m.root());
        // A written manifest reads back identical.
        Path out = dir.resolve("manifest.csv");
        m.write(out);
        assertEquals(m.fingerprint(), Manifest.read(out).fingerprint());
    }

    @Test
    void configurableDomainMappingAndExplicitColumns() throws Exception {
        Path csv = dir.resolve("c.csv");
        Files.writeString(csv, "utt_id,path,emotion,speaker,gender,language,session,duration_s,corpus\n"
                + "u1,x.wav,hap,s1,M,de,1,2.5,other\n");
        Manifest m = CsvCorpus.load(csv, "mine", EmotionSet.DEFAULT, DomainSet.parse("de/M=GM,de/F=GF"))
                .manifest();
        ManifestRow r = m.rows().get(0);
        assertEquals(List.of("u1", "other", "GM", 2.5), List.of(r.uttId(), r.corpus(), r.domain(), r.durationS()));
    }

    @Test
    void missingColumnsAndBadValuesNameTheLine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "path,emotion,speaker,gender,language\nx.wav,ang,s,M,en\n");
        BadInputException e = assertThrows(BadInputException.class, () -> CsvCorpus.build(csv, "x"));
        assertTrue(e.getMessage().contains("missing column 'session'"), e.getMessage());
        Files.writeString(csv, "path,emotion,speaker,gender,language,session,duration_s\nx.wav,ang,s,X,en,1,1\n");
        e = assertThrows(BadInputException.class, () -> CsvCorpus.build(csv, "x"));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("gender"), e.getMessage());
    }
}
