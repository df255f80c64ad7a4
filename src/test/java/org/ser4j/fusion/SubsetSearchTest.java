package org.ser4j.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.ser4j.bench.SimulatedSystems;
import org.ser4j.eval.ConfusionMatrix;
import org.junit.jupiter.api.Test;

/** The fast search must equal the brute force bit for bit: same members, same order, same counts. */
class SubsetSearchTest {
    static final List<String> LABELS = List.of("ang", "hap", "neu", "sad");

    /**
     * Scores on a coarse integer grid, so class ties (equal summed scores) and subset ties (equal UAR and WAR) are
     * frequent; two systems are exact duplicates, so some subsets tie on everything but their member list.
     */
    static ScoreTable engineered(int n, int u, int c, long seed, int grid) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] truth = new int[u];
        for (int i = 0; i < u; i++) {
            truth[i] = rnd.nextInt(c);
        }
        long[][] scores = new long[n][u * c];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < u; i++) {
                for (int j = 0; j < c; j++) {
                    scores[s][i * c + j] = rnd.nextInt(grid) + (j == truth[i] && rnd.nextInt(3) > 0 ? 1 : 0);
                }
            }
        }
        scores[n - 1] = scores[1].clone();
        List<String> labels = c == 4 ? LABELS : List.of("a", "b", "c", "d", "e").subList(0, c);
        return new ScoreTable(labels, truth, scores);
    }

    static void assertSame(ScoreTable t, int k, int top, int threads) {
        List<SubsetScore> fast = new SubsetSearch(t).search(k, top, threads);
        List<BruteForceSubsetSearch.Scored> brute = BruteForceSubsetSearch.search(t, k, top);
        assertEquals(brute.size(), fast.size(), "result size");
        for (int r = 0; r < fast.size(); r++) {
            String where = "k=" + k + " rank " + r;
            assertArrayEquals(brute.get(r).members(), fast.get(r).members(), where);
            ConfusionMatrix cm = t.confusion(fast.get(r).members());
            assertEquals(brute.get(r).confusion(), cm, where);
            assertEquals(cm.correct(), fast.get(r).correct(), where);
        }
    }

    @Test
    void tenChooseFourOnTwoHundredUtterancesWithTiesEqualsBruteForce() {
        ScoreTable t = engineered(10, 200, 4, 11, 3);
        // All 210 subsets ranked: every tie is exercised, not only those near the top.
        assertSame(t, 4, 210, 2);
        assertSame(t, 4, 20, 2);
        assertSame(t, 4, 1, 1);
    }

    @Test
    void everyKOnSmallCasesEqualsBruteForce() {
        for (long seed = 1; seed <= 3; seed++) {
            ScoreTable t = engineered(8, 120, 4, seed, 4);
            for (int k = 1; k <= 8; k++) {
                assertSame(t, k, 15, 2);
            }
        }
    }

    @Test
    void randomTwelveSystemCasesWithDuplicatedSystemsEqualBruteForce() {
        // Three copies of one system and two of another: many subsets tie on UAR and WAR and differ only in their
        // member lists, so the order of the whole list (not just the winner) checks the subset tie rule.
        for (long seed = 40; seed < 46; seed++) {
            ScoreTable base = engineered(12, 150, 4, seed, 3 + (int) (seed % 3));
            long[][] scores = new long[12][];
            for (int s = 0; s < 12; s++) {
                scores[s] = base.scores(s).clone();
            }
            scores[7] = scores[2].clone();
            scores[10] = scores[2].clone();
            scores[5] = scores[0].clone();
            int[] truth = base.truthArray().clone();
            ScoreTable t = new ScoreTable(LABELS, truth, scores);
            assertSame(t, 4, 1, 1);
            assertSame(t, 4, 7, 2);
            assertSame(t, 4, 495, 2); // every 4-subset ranked
            assertSame(t, 6, 25, 2);
        }
    }

    @Test
    void otherClassCountsAndRulesEqualBruteForce() {
        assertSame(engineered(9, 150, 3, 5, 3), 3, 30, 2);
        assertSame(engineered(9, 150, 5, 6, 3), 5, 30, 1);
        assertSame(engineered(7, 100, 2, 7, 2), 3, 35, 2);
    }

    @Test
    void realisticLogitsUnderAllRulesEqualBruteForce() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ser4j-search");
        List<java.nio.file.Path> systems = SystemFixtures.write(dir, "exp", List.of("vanilla", "mtl"), 5,
                SystemFixtures.twoLanguages(5, 30, 3), SimulatedSystems.Noise.paperLike(), 99,
                SystemFixtures.Options.plain());
        org.ser4j.eval.AlignedPredictions p = FusionInputs.load(systems).test();
        for (CombinationRule rule : CombinationRule.values()) {
            ScoreTable t = ScoreTable.of(p, rule);
            assertSame(t, 5, 40, 2);
        }
    }

    @Test
    void classTieGoesToTheLowestIndexAndSubsetTieToTheSmallestMembers() {
        // One utterance of truth 'hap' (1). System 0 favours ang (0), system 1 favours hap by the same amount:
        // their sum ties ang/hap, and the tie goes to ang, so {0,1} is wrong.
        int[] truth = {1};
        long[][] scores = {{5, 3, 0, 0}, {3, 5, 0, 0}, {3, 5, 0, 0}};
        ScoreTable t = new ScoreTable(LABELS, truth, scores);
        assertArrayEquals(new int[] {0}, t.predict(new int[] {0, 1}));
        List<SubsetScore> best = new SubsetSearch(t).search(2, 3, 1);
        // {1,2} is right; {0,1} and {0,2} tie (both wrong) and are ordered by member list.
        assertArrayEquals(new int[] {1, 2}, best.get(0).members());
        assertArrayEquals(new int[] {0, 1}, best.get(1).members());
        assertArrayEquals(new int[] {0, 2}, best.get(2).members());
        assertTrue(best.get(0).uarKey() > best.get(1).uarKey());
    }

    @Test
    void exactUarKeyOrdersLikeTheConfusionMatrix() {
        ScoreTable t = engineered(6, 90, 4, 21, 5);
        ExactUar e = new ExactUar(t.truthArray(), 4);
        for (SubsetScore s : new SubsetSearch(t).search(3, 20, 1)) {
            assertEquals(t.confusion(s.members()).uar(), e.uar(s.uarKey()), 1e-12);
        }
    }
}
