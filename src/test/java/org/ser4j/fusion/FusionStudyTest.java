package org.ser4j.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.bench.SimulatedSystems;
import org.ser4j.eval.ConfusionMatrix;
import org.ser4j.eval.TestColumn;
import org.ser4j.util.Npy;

class FusionStudyTest {
    @TempDir
    static Path runs;
    static List<Path> systems;

    @BeforeAll
    static void fixtures() throws Exception {
        systems = SystemFixtures.write(runs, "multi", List.of("vanilla", "mtl", "dann"), 3,
                SystemFixtures.twoLanguages(4, 40, 5), SimulatedSystems.Noise.paperLike(), 31,
                new SystemFixtures.Options(true, 6, true));
    }

    @Test
    void testProtocolIsLabelledOptimisticAndMatchesBruteForce() throws Exception {
        FusionInputs in = FusionInputs.load(systems);
        FusionResult r = FusionStudy.run(in, new FusionSettings(List.of(4), 5, FusionProtocol.TEST,
                CombinationRule.SUM_LOGITS, 2));
        assertTrue(r.optimistic());
        assertEquals(126, r.subsetsSearched());
        ScoreTable t = ScoreTable.of(in.test(), CombinationRule.SUM_LOGITS);
        List<BruteForceSubsetSearch.Scored> brute = BruteForceSubsetSearch.search(t, 4, 5);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(brute.get(i).members(), r.top().get(i).members());
            assertEquals(brute.get(i).confusion().uar(), r.top().get(i).uar(), 0);
        }
        // composition counts the modes of the members
        String comp = r.top().get(0).composition();
        int total = 0;
        for (String part : comp.split(" \\+ ")) {
            total += Integer.parseInt(part.split(" ")[0]);
        }
        assertEquals(4, total);
        Path out = runs.resolve("out-test");
        FusionWriter.write(r, out);
        FusionResult back = FusionWriter.read(out.resolve("fusion.json"));
        assertEquals(r.top().get(0).uar(), back.top().get(0).uar(), 0);
        assertTrue(Files.readString(out.resolve("fusion.md")).contains("optimistic"));
    }

    @Test
    void devProtocolChoosesOnDevRowsAndReportsTest() {
        FusionInputs in = FusionInputs.load(systems);
        FusionResult r = FusionStudy.run(in, new FusionSettings(List.of(2, 3), 3, FusionProtocol.DEV,
                CombinationRule.SUM_LOGITS, 1));
        ScoreTable dev = ScoreTable.of(in.dev(), CombinationRule.SUM_LOGITS);
        ScoreTable test = ScoreTable.of(in.test(), CombinationRule.SUM_LOGITS);
        FusionEntry first = r.top().get(0);
        assertEquals(dev.confusion(first.members()).uar(), first.selectionUar(), 0);
        assertEquals(test.confusion(first.members()).uar(), first.uar(), 0);
        assertEquals(2, r.bestPerK().size());
    }

    @Test
    void nestedProtocolScoresEachFoldWithASubsetChosenElsewhere() {
        FusionInputs in = FusionInputs.load(systems, new TestColumn("synth", "en"));
        FusionResult r = FusionStudy.run(in, new FusionSettings(List.of(3), 1, FusionProtocol.NESTED,
                CombinationRule.SUM_LOGITS, 2));
        assertEquals(4, r.top().size());
        assertNotNull(r.nested());
        var test = in.test();
        int[] truth = test.truths();
        int[] pred = new int[truth.length];
        for (FusionEntry e : r.top()) {
            int f = e.fold();
            int[] inner = test.where((fold, c) -> fold != f);
            List<SubsetScore> best = new SubsetSearch(ScoreTable.of(test.subset(inner), CombinationRule.SUM_LOGITS))
                    .search(3, 1, 1);
            assertArrayEquals(best.get(0).members(), e.members(), "fold " + f);
            int[] outer = test.where((fold, c) -> fold == f);
            int[] p = ScoreTable.of(test.subset(outer), CombinationRule.SUM_LOGITS).predict(e.members());
            for (int i = 0; i < outer.length; i++) {
                pred[outer[i]] = p[i];
            }
        }
        assertEquals(ConfusionMatrix.of(test.labels(), truth, pred).uar(), r.nested().uar(), 0);
    }

    @Test
    void majorityVoteBreaksTiesTowardTheLowestClass() {
        long[] q = {5, 1, 0, 0, /* */ 0, 0, 3, 9};
        long[] votes = CombinationRule.MAJORITY_VOTE.scores(q, 4);
        assertArrayEquals(new long[] {1, 0, 0, 0, 0, 0, 0, 1}, votes);
        long[] p = CombinationRule.MEAN_SOFTMAX.scores(q, 4);
        assertTrue(p[0] > p[1] && p[7] > p[6]);
        // two voters disagreeing 0 vs 1: the tie goes to 0
        ScoreTable t = new ScoreTable(List.of("a", "b"), new int[] {1},
                new long[][] {CombinationRule.MAJORITY_VOTE.scores(new long[] {2, 1}, 2),
                        CombinationRule.MAJORITY_VOTE.scores(new long[] {1, 2}, 2)});
        assertArrayEquals(new int[] {0}, t.predict(new int[] {0, 1}));
    }

    @Test
    void intermediateConcatenationLearnsFromEmbeddings() {
        IntermediateFusion.Result r = IntermediateFusion.evaluate(systems, null, IntermediateFusion.Classifier.LINEAR,
                3);
        assertEquals(9 * 6, r.dimension());
        assertEquals(320, r.evaluation().pooled().total());
        // the embeddings carry the class prototype: far above the 25 % chance level
        assertTrue(r.evaluation().pooledUar() > 0.5, "UAR " + r.evaluation().pooledUar());
        IntermediateFusion.Result mlp = IntermediateFusion.evaluate(systems.subList(0, 2),
                new TestColumn("synth", "ja"), IntermediateFusion.Classifier.MLP, 3);
        assertEquals(160, mlp.evaluation().pooled().total());
    }

    @Test
    void npyRoundTrip() throws Exception {
        Npy.Matrix m = new Npy.Matrix(2, 3, new float[] {1, 2, 3, 4.5f, -1, 0});
        Path f = runs.resolve("m.npy");
        Npy.write(f, m);
        Npy.Matrix back = Npy.read(f);
        assertEquals(2, back.rows());
        assertArrayEquals(m.data(), back.data());
        byte[] b = Files.readAllBytes(f);
        assertEquals(0, (10 + (b[8] & 0xff)) % 64, "header is padded to 64 bytes");
    }
}
