package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.util.BadInputException;

class FoldsTest {
    @TempDir
    Path dir;

    /** IEMOCAP-like: 5 sessions x 2 speakers x n utterances. */
    static Manifest iemocapLike(int perSpeaker) {
        List<ManifestRow> rows = new ArrayList<>();
        for (int s = 1; s <= 5; s++) {
            for (String g : List.of("F", "M")) {
                for (int i = 0; i < perSpeaker; i++) {
                    String id = String.format("Ses%02dF_impro01_%s%03d", s, g, i);
                    rows.add(new ManifestRow(id, id + ".wav", "iemocap", "en", String.format("Ses%02d_%s", s, g), g,
                            "E" + g, s, List.of("ang", "hap", "neu", "sad").get(i % 4), 1.0 + i, Map.of()));
                }
            }
        }
        return Manifest.of(rows, Path.of("."));
    }

    /** JTES-like: 100 speakers, session = ceil(n/10), 2 utterances each. */
    static Manifest jtesLike() {
        List<ManifestRow> rows = new ArrayList<>();
        for (String g : List.of("f", "m")) {
            for (int n = 1; n <= 50; n++) {
                String spk = String.format("%s%02d", g, n);
                for (int i = 1; i <= 2; i++) {
                    String id = spk + "_ang_0" + i;
                    rows.add(new ManifestRow(id, id + ".wav", "jtes", "ja", spk, g.toUpperCase(), "J" + g.toUpperCase(),
                            (n - 1) / 10 + 1, "ang", 2.0, Map.of()));
                }
            }
        }
        return Manifest.of(rows, Path.of("."));
    }

    static Map<String, String> speakerOf(List<Manifest> ms) {
        Map<String, String> m = new HashMap<>();
        ms.forEach(man -> man.rows().forEach(r -> m.put(r.uttId(), r.corpus() + "/" + r.speaker())));
        return m;
    }

    static Set<String> speakers(List<String> ids, Map<String, String> spk) {
        return ids.stream().map(spk::get).collect(Collectors.toSet());
    }

    @Test
    void losoFoldsAreSpeakerDisjointAndCoverEveryUtteranceOnceAsTest() {
        List<Manifest> ms = List.of(iemocapLike(4), jtesLike());
        Folds folds = Folds.loso(ms, 2, 1234L);
        Map<String, String> spk = speakerOf(ms);
        assertEquals(List.of(1, 2, 3, 4, 5), folds.foldNumbers());
        Set<String> testedOnce = new HashSet<>();
        for (int k : folds.foldNumbers()) {
            Fold f = folds.fold(k);
            Set<String> train = speakers(f.train(), spk);
            Set<String> dev = speakers(f.dev(), spk);
            Set<String> test = speakers(f.test(), spk);
            assertTrue(disjoint(train, test), "fold " + k + ": a speaker in both train and test");
            assertTrue(disjoint(dev, test), "fold " + k + ": a speaker in both dev and test");
            assertTrue(disjoint(dev, train), "fold " + k + ": a dev speaker also in train");
            // Fold k tests session k of every corpus: 2 IEMOCAP speakers + 20 JTES speakers.
            assertEquals(22, test.size());
            assertTrue(test.contains(String.format("iemocap/Ses%02d_F", k)));
            assertTrue(test.contains(String.format("jtes/f%02d", 10 * (k - 1) + 1)));
            assertTrue(test.contains(String.format("jtes/m%02d", 10 * k)));
            // Two dev speakers per corpus, whole speakers.
            assertEquals(4, dev.size());
            assertEquals(2, dev.stream().filter(s -> s.startsWith("iemocap/")).count());
            assertEquals(8 * 4 + 200 - 40, f.train().size() + f.dev().size());
            testedOnce.addAll(f.test());
            assertEquals(f.train().size() + f.dev().size() + f.test().size(), 40 + 200, "every utterance once per fold");
        }
        assertEquals(240, testedOnce.size());
    }

    static boolean disjoint(Set<String> a, Set<String> b) {
        return a.stream().noneMatch(b::contains);
    }

    @Test
    void devChoiceIsSeededAndRoundTripKeepsFingerprints() throws Exception {
        List<Manifest> ms = List.of(jtesLike());
        Folds a = Folds.loso(ms, 3, 7L);
        Folds b = Folds.loso(ms, 3, 7L);
        Folds c = Folds.loso(ms, 3, 8L);
        assertEquals(a.fingerprint(), b.fingerprint());
        assertNotEquals(a.fingerprint(), c.fingerprint(), "another seed picks other dev speakers");
        Path f = dir.resolve("splits.csv");
        a.write(f);
        String text = Files.readString(f);
        assertTrue(text.contains("# manifest_sha256=" + ms.get(0).fingerprint() + "\n"), text.substring(0, 200));
        assertTrue(text.contains("# split_sha256=" + a.fingerprint()));
        assertTrue(text.contains("\nutt_id,fold,split\n"));
        Folds back = Folds.read(f);
        assertEquals(a.fingerprint(), back.fingerprint());
        assertEquals(a.rows(), back.rows());
        back.checkAgainst(ms);
        // Another manifest -> refused; a hand edit -> refused unless the split_sha256 line is removed.
        BadInputException e = assertThrows(BadInputException.class, () -> back.checkAgainst(List.of(iemocapLike(1))));
        assertTrue(e.getMessage().contains("fingerprints"), e.getMessage());
        String edited = text.replaceFirst(",1,test\n", ",1,train\n");
        Files.writeString(f, edited);
        e = assertThrows(BadInputException.class, () -> Folds.read(f));
        assertTrue(e.getMessage().contains("split_sha256"), e.getMessage());
        Files.writeString(f, edited.replaceAll("# split_sha256=.*\n", ""));
        assertNotEquals(a.fingerprint(), Folds.read(f).fingerprint());
        // a malformed row is named by the file and its line in the file (comment lines counted)
        String[] lines = text.split("\n");
        int third = 0;
        for (int i = 0, data = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("#") && ++data == 3) {
                third = i + 1;
                break;
            }
        }
        Files.writeString(f, text.replaceFirst("\nutt_id,fold,split\n([^\n]*)\n([^\n]*)\n", "\nutt_id,fold,split\n$1\n\"$2\n"));
        e = assertThrows(BadInputException.class, () -> Folds.read(f));
        assertTrue(e.getMessage().contains("splits.csv") && e.getMessage().contains("line " + third), e.getMessage());
    }

    @Test
    void fingerprintCoversTheManifestToo() {
        Manifest m1 = iemocapLike(2);
        List<ManifestRow> changed = new ArrayList<>(m1.rows());
        ManifestRow r = changed.get(0);
        changed.set(0, new ManifestRow(r.uttId(), r.path(), r.corpus(), r.language(), r.speaker(), r.gender(),
                r.domain(), r.session(), "sad", r.durationS(), r.extras()));
        Folds a = Folds.loso(m1);
        Folds b = Folds.loso(Manifest.of(changed, Path.of(".")));
        assertEquals(a.bodyCsv(), b.bodyCsv(), "same utterances, same folds");
        assertNotEquals(a.fingerprint(), b.fingerprint(), "but another manifest");
    }

    @Test
    void speakersSpanningSessionsNeverLeakIntoTraining() {
        List<ManifestRow> rows = new ArrayList<>();
        rows.add(new ManifestRow("a1", "a1.wav", "c", "en", "A", "F", "EF", 1, "ang", 1, Map.of()));
        rows.add(new ManifestRow("a2", "a2.wav", "c", "en", "A", "F", "EF", 2, "ang", 1, Map.of()));
        rows.add(new ManifestRow("b1", "b1.wav", "c", "en", "B", "M", "EM", 2, "sad", 1, Map.of()));
        Folds f = Folds.loso(Manifest.of(rows, Path.of(".")));
        assertEquals(List.of("a1"), f.fold(1).test());
        assertEquals(List.of("b1"), f.fold(1).train(), "a2 is speaker A, who is tested in fold 1");
        assertFalse(f.fold(2).train().contains("a1"));
        assertThrows(BadInputException.class, () -> Folds.loso(List.of(jtesLike()), 80, 1L),
                "asking for more dev speakers than there are");
    }

    @Test
    void labelAndDomainSets() {
        assertEquals(2, EmotionSet.DEFAULT.indexOf("NEU"));
        assertEquals("sad", EmotionSet.DEFAULT.label(3));
        assertThrows(BadInputException.class, () -> EmotionSet.DEFAULT.indexOf("fru"));
        assertThrows(BadInputException.class, () -> EmotionSet.parse("ang,ang"));
        assertEquals("JF", DomainSet.DEFAULT.domainOf("ja", "F"));
        assertEquals(1, DomainSet.DEFAULT.indexOf("EF"));
        DomainSet lang = DomainSet.parse("en/M=E,en/F=E,ja/M=J,ja/F=J");
        assertEquals(List.of("E", "J"), lang.labels());
        assertEquals("J", lang.domainOf("JA", "m"));
        assertThrows(BadInputException.class, () -> DomainSet.parse("en=E"));
    }
}
