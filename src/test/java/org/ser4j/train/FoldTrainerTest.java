package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.config.GrlConfig;
import org.ser4j.config.Selection;
import org.ser4j.eval.MetricsLine;
import org.ser4j.eval.MetricsLog;

class FoldTrainerTest {
    static TrainSettings settings(int steps, int checkpointEvery, int evalEvery, long seed) {
        return new TrainSettings("train", steps, 4, 2, 5e-3, 1e-2, 0.2, 0.01, 1.0, evalEvery, checkpointEvery,
                Selection.TEST, new GrlConfig("ganin", 1.0), 3200, 0, 8, Set.of("fe.conv.weight"), null, seed, false);
    }

    static MultitaskModel dann() {
        return MultitaskModelTest.model(-1, false);
    }

    static FoldTrainer trainer(MultitaskModel m, SyntheticExamples data, TrainSettings s, Path dir) {
        return new FoldTrainer(m, data.fold(1), data.source(), s, dir,
                new ModelDirectoryExporter(new TinyTestEncoder(8, 11, 0.1), m.spec(), false, null), null);
    }

    @Test
    void aFewStepsLowerTheLoss(@TempDir Path dir) throws Exception {
        SyntheticExamples data = new SyntheticExamples(2, 4, 7);
        MultitaskModel m = MultitaskModelTest.model(1, false);
        FoldData fold = data.fold(1);
        Evaluator ev = new Evaluator(m, data.source(), 16, 0, false);
        double before = ev.evaluate("train", fold.train(), false).lossEmo();
        INDArray frozenBefore = m.sameDiff().getVariable("fe.conv.weight").getArr().dup();
        trainer(m, data, settings(30, 0, 10, 1), dir).run();
        double after = ev.evaluate("train", fold.train(), false).lossEmo();
        assertTrue(after < before - 0.05, "loss before " + before + ", after " + after);
        assertEquals(frozenBefore, m.sameDiff().getVariable("fe.conv.weight").getArr(), "frozen CNN must not move");
        List<MetricsLine> lines = MetricsLog.readAll(dir.resolve("metrics.jsonl"));
        assertEquals(6, lines.size()); // train + test at steps 10, 20, 30
        assertEquals("test", lines.get(1).split());
        assertTrue(Files.readAllLines(dir.resolve("metrics.jsonl")).get(1).contains("\"dom_acc\":"));
    }

    /** A run stopped after step 7 (last checkpoint at 6) and resumed ends bit-identical to an uninterrupted run. */
    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) throws Exception {
        SyntheticExamples data = new SyntheticExamples(2, 3, 9);
        TrainSettings s = settings(12, 3, 4, 42);

        MultitaskModel a = dann();
        FoldTrainer.Outcome oa = trainer(a, data, s, dir.resolve("a")).run();

        MultitaskModel b = dann();
        FoldTrainer crashing = trainer(b, data, s, dir.resolve("b"));
        crashing.crashAfter(7);
        assertThrows(FoldTrainer.SimulatedCrash.class, crashing::run);
        MultitaskModel c = dann(); // a fresh process: new graph, initial weights
        FoldTrainer.Outcome oc = trainer(c, data, s, dir.resolve("b")).run();

        for (String v : a.allVariables()) {
            assertEquals(a.sameDiff().getVariable(v).getArr(), c.sameDiff().getVariable(v).getArr(), v);
        }
        assertEquals(oa.selectedStep(), oc.selectedStep());
        assertEquals(oa.selectedScore(), oc.selectedScore());
        assertEquals(Files.readString(dir.resolve("a/metrics.jsonl")), Files.readString(dir.resolve("b/metrics.jsonl")));
        assertTrue(Files.isDirectory(oc.selectedWeights()));
        assertTrue(Files.isRegularFile(dir.resolve("b/checkpoint/optimizer.safetensors")));
        assertTrue(Files.isRegularFile(dir.resolve("b/checkpoint/trainer.json")));
    }

    /**
     * Issue 21: a non-finite loss stops the fold at that step, naming fold, step, quantity and the batch, before the
     * step updates any weight; nothing is checkpointed or selected.
     */
    @Test
    void nonFiniteLossStopsTheFoldBeforeAnyUpdate(@TempDir Path dir) throws Exception {
        SyntheticExamples data = new SyntheticExamples(2, 3, 9);
        MultitaskModel m = dann();
        Map<String, INDArray> before = new java.util.HashMap<>();
        for (String v : m.allVariables()) {
            before.put(v, m.sameDiff().getVariable(v).getArr().dup());
        }
        WaveformSource finite = data.source();
        WaveformSource poisoned = ex -> {
            float[] w = finite.waveform(ex).clone();
            java.util.Arrays.fill(w, Float.NaN);
            return w;
        };
        FoldTrainer t = new FoldTrainer(m, data.fold(1), poisoned, settings(12, 3, 4, 42), dir,
                new ModelDirectoryExporter(new TinyTestEncoder(8, 11, 0.1), m.spec(), false, null), null);
        FoldTrainer.NonFiniteTraining e = assertThrows(FoldTrainer.NonFiniteTraining.class, t::run);
        assertEquals(1, e.fold());
        assertEquals(1, e.step());
        assertEquals("emotion loss", e.quantity());
        String msg = e.getMessage();
        assertTrue(msg.startsWith("fold 1 (train), step 1: non-finite emotion loss (NaN)"), msg);
        assertTrue(msg.contains("loss terms: emotion NaN, domain NaN"), msg);
        assertTrue(data.fold(1).train().stream().anyMatch(x -> msg.contains(x.uttId())), msg);
        for (String v : m.allVariables()) {
            assertEquals(before.get(v), m.sameDiff().getVariable(v).getArr(), v + " changed");
        }
        assertTrue(!Files.exists(dir.resolve("checkpoint/trainer.json")), "no checkpoint");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("best-")), "no selected weights");
        }
    }

    /** Clipping cannot repair a NaN or infinite global norm: it is refused instead of passed through. */
    @Test
    void nonFiniteGradientNormIsRefusedByClipping() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            Map<String, INDArray> g = new java.util.LinkedHashMap<>();
            g.put("a", org.nd4j.linalg.factory.Nd4j.createFromArray(3.0, bad));
            g.put("b", org.nd4j.linalg.factory.Nd4j.createFromArray(4.0));
            double norm = FoldTrainer.globalNorm(g);
            assertTrue(!Double.isFinite(norm), "norm " + norm);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> FoldTrainer.clip(g, 1.0));
            assertTrue(e.getMessage().contains("global gradient norm"), e.getMessage());
            assertEquals(4.0, g.get("b").getDouble(0), 0.0, "nothing scaled");
        }
        Map<String, INDArray> ok = new java.util.LinkedHashMap<>();
        ok.put("a", org.nd4j.linalg.factory.Nd4j.createFromArray(3.0, 4.0));
        assertEquals(5.0, FoldTrainer.globalNorm(ok), 1e-12);
    }
}
