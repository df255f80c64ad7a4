package org.ser4j.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.data.Manifest;

class CorpusSynthCommandTest {

    @Test
    void writesAnEnglishOnlyCorpusWithSpectrograms(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("synth");
        int rc = Ser4j.commandLine().execute("corpus", "synth", "--out", out.toString(), "--utts-per-speaker-emotion", "1",
                "--languages", "en", "--threads", "2", "--seed", "7", "--spectrograms");
        assertEquals(0, rc);
        Manifest m = Manifest.read(out.resolve("manifest.csv"));
        assertEquals(40, m.size());
        assertTrue(m.rows().stream().allMatch(r -> r.language().equals("en")));
        try (Stream<Path> imgs = Files.list(out.resolve("img"))) {
            assertEquals(8, imgs.count(), "EM01 and EF01 x 4 emotions");
        }
        assertTrue(Files.readString(out.resolve("corpus_info.txt")).contains("seed=7"));
    }

    @Test
    void badOptionsExitWithTwo(@TempDir Path dir) {
        assertEquals(2, Ser4j.commandLine().execute("corpus", "synth", "--out", dir.toString(), "--languages", "fr"));
        assertEquals(2, Ser4j.commandLine().execute("corpus", "synth", "--out", dir.toString(),
                "--speakers-per-session", "3"));
        assertEquals(2, Ser4j.commandLine().execute("corpus", "synth", "--out", dir.toString(),
                "--utts-per-speaker-emotion", "0"));
    }
}
