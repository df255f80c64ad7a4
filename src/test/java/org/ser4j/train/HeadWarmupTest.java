package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.config.GrlConfig;
import org.ser4j.config.Selection;
import org.ser4j.nn.heads.PooledStandardization;
import org.ser4j.nn.heads.UtterancePooling;

/**
 * Head warm-up trains the model's own head variables on cached FE outputs: the emotion loss on the FE outputs of the
 * real model falls, standardisation statistics are the rows' statistics, the encoder does not move, the result is
 * deterministic, and a fold run with warm-up resumes bit-identically.
 */
class HeadWarmupTest {
    static MultitaskModel model(int gamma, boolean standardize) {
        return MultitaskModel.build(new TinyTestEncoder(8, 11, 0.1), new ModelSpec(MultitaskModelTest.EMO,
                MultitaskModelTest.DOM, 6, false, gamma, 5, standardize, standardize, UtterancePooling.MEAN_STD));
    }

    @Test
    void warmUpFitsTheModelsHeadsOnItsOwnFeOutputs() {
        SyntheticExamples data = new SyntheticExamples(2, 6, 3);
        List<Example> train = data.fold(1).train();
        MultitaskModel m = model(-1, true);
        Map<String, INDArray> params = SystemRunner.parameters(m);
        Evaluator ev = new Evaluator(m, data.source(), 16, 0, false);
        EvalResult before = ev.evaluate("train", train, true);
        float[][] fe = before.embeddings();
        Map<String, INDArray> encoderBefore = copies(params, m.featureExtractorVariables());
        INDArray projectionBefore = params.get("heads.emotion.projection.weight").dup();

        HeadWarmup.Result r = HeadWarmup.run(m, params, train, fe, 200, 1e-2, 0.01, true);
        assertEquals(200, r.steps());

        float[][] stats = PooledStandardization.statistics(fe);
        assertArrayEquals(stats[0], params.get(PooledStandardization.MEAN).toFloatVector(), 0f);
        assertArrayEquals(stats[1], params.get(PooledStandardization.STD).toFloatVector(), 0f);
        for (Map.Entry<String, INDArray> e : encoderBefore.entrySet()) {
            assertEquals(e.getValue(), params.get(e.getKey()), "encoder variable " + e.getKey() + " moved");
        }
        assertNotEquals(projectionBefore, params.get("heads.emotion.projection.weight"));
        // The model itself (waveform -> encoder -> heads) now scores what the warm-up graph reported.
        EvalResult after = ev.evaluate("train", train, false);
        assertEquals(r.lossEmo(), after.lossEmo(), 1e-2, "warm-up loss vs the model's own loss after it");
        assertTrue(after.lossEmo() < before.lossEmo() - 0.3, "loss before " + before.lossEmo() + ", after "
                + after.lossEmo());
        assertTrue(after.domAcc() > 0.9, "domain head warmed up on the true domains: " + after.domAcc());
    }

    @Test
    void withoutTheDomainHeadTheDcKeepsItsInitialisation() {
        SyntheticExamples data = new SyntheticExamples(2, 6, 3);
        List<Example> train = data.fold(1).train();
        MultitaskModel m = model(1, true);
        Map<String, INDArray> params = SystemRunner.parameters(m);
        float[][] fe = new Evaluator(m, data.source(), 16, 0, false).evaluate("train", train, true).embeddings();
        Map<String, INDArray> before = new java.util.LinkedHashMap<>();
        params.forEach((n, a) -> before.put(n, a.dup()));
        HeadWarmup.Result r = HeadWarmup.run(m, params, train, fe, 60, 1e-2, 0.01, false);
        int domainVariables = 0;
        for (String n : params.keySet()) {
            if (n.startsWith("heads.domain.")) {
                domainVariables++;
                assertEquals(before.get(n), params.get(n), n + " moved");
            }
        }
        assertTrue(domainVariables >= 2, "the model has a DC: " + params.keySet());
        assertNotEquals(before.get("heads.emotion.classifier.weight"), params.get("heads.emotion.classifier.weight"));
        // its loss is the untrained DC's: about ln(domains), far above a trained one
        assertTrue(r.lossDom() > 0.8 * Math.log(MultitaskModelTest.DOM.size()), "domain loss " + r.lossDom());
    }

    @Test
    void warmUpIsDeterministic() {
        SyntheticExamples data = new SyntheticExamples(2, 4, 5);
        List<Example> train = data.fold(2).train();
        List<Map<String, INDArray>> runs = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            MultitaskModel m = model(1, true);
            Map<String, INDArray> params = SystemRunner.parameters(m);
            float[][] fe = new Evaluator(m, data.source(), 16, 0, false).evaluate("train", train, true).embeddings();
            HeadWarmup.Result r = HeadWarmup.run(m, params, train, fe, 40, 1e-2, 0.01, true);
            assertTrue(Double.isFinite(r.lossEmo()) && Double.isFinite(r.lossDom()));
            runs.add(params);
        }
        for (String n : runs.get(0).keySet()) {
            assertEquals(runs.get(0).get(n), runs.get(1).get(n), n);
        }
    }

    /** A fold run with warm-up, crashed after step 5 and resumed, ends bit-identical to an uninterrupted one. */
    @Test
    void foldRunWithWarmUpResumesExactly(@TempDir Path dir) throws Exception {
        SyntheticExamples data = new SyntheticExamples(2, 3, 9);
        TrainSettings s = new TrainSettings("train", 9, 4, 1, 5e-3, 1e-2, 0.2, 0.01, 1.0, 3, 3, Selection.TEST,
                new GrlConfig("fixed", 1.0), 3200, 0, 8, Set.of("fe.conv.weight"), null, 42L, false, 30, 1e-2, true);
        MultitaskModel a = model(-1, true);
        FoldTrainer.Outcome oa = trainer(a, data, s, dir.resolve("a")).run();
        MultitaskModel b = model(-1, true);
        FoldTrainer crashing = trainer(b, data, s, dir.resolve("b"));
        crashing.crashAfter(5);
        org.junit.jupiter.api.Assertions.assertThrows(FoldTrainer.SimulatedCrash.class, crashing::run);
        MultitaskModel c = model(-1, true);
        FoldTrainer.Outcome oc = trainer(c, data, s, dir.resolve("b")).run();
        for (String v : a.allVariables()) {
            assertEquals(a.sameDiff().getVariable(v).getArr(), c.sameDiff().getVariable(v).getArr(), v);
        }
        assertEquals(oa.selectedStep(), oc.selectedStep());
        // and the warm-up changed the run: without it the heads end elsewhere
        MultitaskModel d = model(-1, true);
        TrainSettings cold = new TrainSettings("train", 9, 4, 1, 5e-3, 1e-2, 0.2, 0.01, 1.0, 3, 3, Selection.TEST,
                new GrlConfig("fixed", 1.0), 3200, 0, 8, Set.of("fe.conv.weight"), null, 42L, false);
        trainer(d, data, cold, dir.resolve("d")).run();
        assertNotEquals(a.sameDiff().getVariable("heads.emotion.classifier.weight").getArr(),
                d.sameDiff().getVariable("heads.emotion.classifier.weight").getArr());
    }

    private static FoldTrainer trainer(MultitaskModel m, SyntheticExamples data, TrainSettings s, Path dir) {
        return new FoldTrainer(m, data.fold(1), data.source(), s, dir,
                new ModelDirectoryExporter(new TinyTestEncoder(8, 11, 0.1), m.spec(), false, null), null);
    }

    private static Map<String, INDArray> copies(Map<String, INDArray> params, List<String> names) {
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        for (String n : names) {
            out.put(n, params.get(n).dup());
        }
        return out;
    }
}
