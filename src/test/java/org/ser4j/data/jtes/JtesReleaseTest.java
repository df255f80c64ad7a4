package org.ser4j.data.jtes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.data.ManifestSummary;

/** The real JTES v1.1 tree: 100 speakers x 4 emotions x 50 sentences. Runs only when {@code SER4J_JTES} is set. */
class JtesReleaseTest {
    @Test
    void fullCorpusHasTwentyThousandUtterancesInFiveSessions() {
        String env = System.getenv("SER4J_JTES");
        assumeTrue(env != null && Files.isDirectory(Path.of(env)), "SER4J_JTES not set");
        Manifest m = JtesCorpus.build(Path.of(env));
        assertEquals(20000, m.size());
        Set<String> speakers = new HashSet<>();
        m.rows().forEach(r -> speakers.add(r.speaker()));
        assertEquals(100, speakers.size());
        var counts = ManifestSummary.countsBySessionAndEmotion(m);
        assertEquals(Set.of(1, 2, 3, 4, 5), counts.keySet());
        for (var perEmotion : counts.values()) {
            assertEquals(java.util.Map.of("ang", 1000, "hap", 1000, "neu", 1000, "sad", 1000), perEmotion);
        }
        assertEquals(10000, m.rows().stream().filter(r -> r.gender().equals("F")).map(ManifestRow::uttId).count());
    }
}
