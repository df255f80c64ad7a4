package org.ser4j.data.iemocap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.ser4j.data.Folds;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.data.ManifestSummary;

/**
 * Checks the loader against the published 4-class counts of the real release (datasets/iemocap/README.md). Runs
 * only when {@code SER4J_IEMOCAP} points at {@code IEMOCAP_full_release}; skipped otherwise.
 */
class IemocapReleaseTest {
    @Test
    void fullReleaseGivesThePublishedCounts() {
        String env = System.getenv("SER4J_IEMOCAP");
        assumeTrue(env != null && Files.isDirectory(Path.of(env)), "SER4J_IEMOCAP not set");
        Manifest m = IemocapCorpus.build(Path.of(env));
        assertEquals(5531, m.size());
        Map<String, Integer> emo = new TreeMap<>();
        Map<String, Integer> gender = new TreeMap<>();
        for (ManifestRow r : m.rows()) {
            emo.merge(r.emotion(), 1, Integer::sum);
            gender.merge(r.gender(), 1, Integer::sum);
        }
        assertEquals(Map.of("ang", 1103, "hap", 1636, "neu", 1708, "sad", 1084), emo);
        assertEquals(Map.of("F", 2649, "M", 2882), gender);
        int[] perSession = {1085, 1023, 1151, 1031, 1241};
        var counts = ManifestSummary.countsBySessionAndEmotion(m);
        for (int s = 1; s <= 5; s++) {
            assertEquals(perSession[s - 1], counts.get(s).values().stream().mapToInt(Integer::intValue).sum());
        }
        assertEquals(Map.of("ang", 229, "hap", 278, "neu", 384, "sad", 194), counts.get(1));
        Folds folds = Folds.loso(m);
        int[] train = {4446, 4508, 4380, 4500, 4290};
        for (int k = 1; k <= 5; k++) {
            assertEquals(train[k - 1], folds.fold(k).train().size());
        }
    }
}
