package org.ser4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.util.BadInputException;

class ManifestTest {
    static ManifestRow row(String id, String emo) {
        return new ManifestRow(id, "wav/" + id + ".wav", "synth", "en", "EM01", "M", "EM", 1, emo, 2.5,
                Map.of("sentence_id", "en03"));
    }

    @Test
    void roundTripKeepsRowsAndFingerprintIgnoresOrderAndRoot(@TempDir Path dir) throws Exception {
        Manifest m = Manifest.of(List.of(row("b", "sad"), row("a", "ang")), dir);
        Path file = dir.resolve("manifest.csv");
        m.write(file);
        String text = Files.readString(file);
        assertTrue(text.startsWith("utt_id,path,corpus,language,speaker,gender,domain,session,emotion,duration_s,sentence_id\n"));
        assertTrue(text.indexOf("\na,") < text.indexOf("\nb,"), "rows are sorted by utt_id");
        Manifest back = Manifest.read(file);
        assertEquals(m.fingerprint(), back.fingerprint());
        assertEquals(dir.toAbsolutePath(), back.root());
        Manifest reordered = Manifest.of(List.of(row("a", "ang"), row("b", "sad")), Path.of("/elsewhere"));
        assertEquals(m.fingerprint(), reordered.fingerprint());
        Manifest changed = Manifest.of(List.of(row("a", "ang"), row("b", "hap")), dir);
        assertNotEquals(m.fingerprint(), changed.fingerprint());
    }

    @Test
    void badHeaderAndDuplicateIdsNameTheProblem(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "id,path\nx,y\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Manifest.read(bad));
        assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("utt_id,path,corpus"), e.getMessage());
        assertThrows(BadInputException.class, () -> Manifest.of(List.of(row("a", "ang"), row("a", "sad")), dir));
        Path badSession = dir.resolve("s.csv");
        Files.writeString(badSession, String.join(",", Manifest.COLUMNS) + "\nu1,a.wav,c,en,s,M,EM,one,ang,1.0\n");
        e = assertThrows(BadInputException.class, () -> Manifest.read(badSession));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("session"), e.getMessage());
    }
    @Test
    void nonPositiveOrNonFiniteDurationsAndBrokenQuotesNameFileAndLine(@TempDir Path dir) throws Exception {
        String header = String.join(",", Manifest.COLUMNS) + "\n";
        for (String duration : List.of("0", "-1.5", "NaN", "Infinity")) {
            Path f = dir.resolve("d.csv");
            Files.writeString(f, header + "u1,a.wav,c,en,s,M,EM,1,ang,2.0\nu2,b.wav,c,en,s,M,EM,1,sad," + duration + "\n");
            BadInputException e = assertThrows(BadInputException.class, () -> Manifest.read(f), duration);
            assertTrue(e.getMessage().contains("d.csv") && e.getMessage().contains("line 3")
                    && e.getMessage().contains("duration_s"), e.getMessage());
        }
        Path quoted = dir.resolve("q.csv");
        Files.writeString(quoted, header + "u1,a.wav,c,en,s,M,EM,1,ang,2.0\nu2,\"b.wav,c,en,s,M,EM,1,sad,1.0\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Manifest.read(quoted));
        assertTrue(e.getMessage().contains("q.csv") && e.getMessage().contains("line 3"), e.getMessage());
    }
}
