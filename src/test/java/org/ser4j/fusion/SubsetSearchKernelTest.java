package org.ser4j.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The two paths of {@link SubsetSearch}, the int32 kernel and the 64-bit fallback, each against the brute force,
 * on cases that reach the kernel's shortcuts (early abandon with a small top list, the last pair scored without a
 * list, several workers).
 */
class SubsetSearchKernelTest {

    private static void assertSameAsBruteForce(ScoreTable t, int k, int top, int threads, boolean expectFallback) {
        SubsetSearch.Result r = new SubsetSearch(t).run(k, top, threads);
        assertEquals(expectFallback, r.stats().longFallback(), "which path ran");
        List<BruteForceSubsetSearch.Scored> brute = BruteForceSubsetSearch.search(t, k, top);
        assertEquals(brute.size(), r.best().size());
        for (int i = 0; i < brute.size(); i++) {
            assertArrayEquals(brute.get(i).members(), r.best().get(i).members(), "k=" + k + " rank " + i);
            assertEquals(brute.get(i).confusion().correct(), r.best().get(i).correct(), "k=" + k + " rank " + i);
        }
    }

    @Test
    void intKernelEqualsBruteForceWithSmallTopListsAndTwoThreads() {
        ScoreTable t = SubsetSearchTest.engineered(12, 400, 4, 31, 6);
        for (int k = 2; k <= 7; k++) {
            assertSameAsBruteForce(t, k, 1, 2, false);
            assertSameAsBruteForce(t, k, 5, 2, false);
        }
        assertSameAsBruteForce(t, 6, 924, 2, false); // every subset ranked
    }

    @Test
    void scoresBeyondTheIntRangeFallBackTo64BitsAndStillEqualBruteForce() {
        ScoreTable small = SubsetSearchTest.engineered(9, 150, 4, 8, 4);
        long[][] scaled = new long[small.systems()][];
        for (int s = 0; s < scaled.length; s++) {
            scaled[s] = small.scores(s).clone();
            for (int i = 0; i < scaled[s].length; i++) {
                scaled[s][i] *= 1_000_000_000L; // a uniform scale changes no ranking but overflows 32 bits
            }
        }
        int[] truth = new int[small.utterances()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = small.truth(i);
        }
        ScoreTable wide = new ScoreTable(small.labels(), truth, scaled);
        assertSameAsBruteForce(wide, 4, 20, 2, true);
        List<SubsetScore> a = new SubsetSearch(small).search(4, 20, 2);
        List<SubsetScore> b = new SubsetSearch(wide).search(4, 20, 2);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).members(), b.get(i).members());
        }
    }

    @Test
    void boundsPastTheExactTablesStayValid() {
        // Exact bound tables only for r <= 2 (as when the tables would not fit in memory): deeper nodes must use
        // r times the one-member bounds, never r times a deeper table, which would overstate how far r members can
        // move a slack and call open utterances decided.
        for (int seed = 41; seed <= 43; seed++) {
            ScoreTable t = SubsetSearchTest.engineered(12, 300, 4, seed, 6);
            for (int k = 6; k <= 9; k++) {
                SubsetSearch.Result r = new SubsetSearch(t, 2).run(k, 3, 1);
                List<BruteForceSubsetSearch.Scored> brute = BruteForceSubsetSearch.search(t, k, 3);
                for (int i = 0; i < brute.size(); i++) {
                    assertArrayEquals(brute.get(i).members(), r.best().get(i).members(), "seed " + seed + " k=" + k);
                    assertEquals(brute.get(i).confusion().correct(), r.best().get(i).correct());
                }
            }
        }
    }

    @Test
    void moreThanFourClassesUseTheFallback() {
        assertTrue(new SubsetSearch(SubsetSearchTest.engineered(7, 80, 5, 4, 3)).run(3, 5, 1).stats().longFallback());
        assertFalse(new SubsetSearch(SubsetSearchTest.engineered(7, 80, 3, 4, 3)).run(3, 5, 1).stats().longFallback());
    }
}
