package org.ser4j.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.bench.SimulatedSystems;

/**
 * The reference of the full-size slow check must itself be right: on small system folders it agrees with
 * {@link BruteForceSubsetSearch} (which shares no code with it) on the best subset and its UAR.
 */
class PlainBruteForceTest {
    @TempDir
    Path dir;

    @Test
    void agreesWithTheConfusionMatrixBruteForceOnSmallFolders() throws Exception {
        List<Path> systems = SystemFixtures.write(dir, "exp", List.of("vanilla", "mtl", "dann"), 3,
                SystemFixtures.twoLanguages(2, 40, 5), SimulatedSystems.Noise.paperLike(), 17,
                SystemFixtures.Options.plain());
        ScoreTable t = ScoreTable.of(FusionInputs.load(systems).test(), CombinationRule.SUM_LOGITS);
        for (int k = 1; k <= 5; k++) {
            PlainBruteForce.Best plain = PlainBruteForce.best(systems, k, 2);
            BruteForceSubsetSearch.Scored ref = BruteForceSubsetSearch.search(t, k, 1).get(0);
            assertArrayEquals(ref.members(), plain.members(), "k=" + k);
            assertEquals(ref.confusion().uar(), plain.uar(), 1e-12, "k=" + k);
            assertEquals(ref.confusion().correct(), plain.correct(), "k=" + k);
        }
    }
}
