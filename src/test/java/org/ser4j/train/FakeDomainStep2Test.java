package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.config.GrlConfig;
import org.ser4j.config.Selection;
import org.ser4j.nn.heads.EmotionHead;

/** Issue 21: the method facts of fake-domain step 2 (docs/paper.md §2.2), on the tiny MTL model. */
class FakeDomainStep2Test {
    private static final int FAKE = 2;

    private static TrainSettings settings(String stage, Set<String> frozen, Integer fakeDomain) {
        return new TrainSettings(stage, 12, 4, 2, 5e-3, 1e-2, 0.2, 0.01, 1.0, 4, 3, Selection.TEST,
                new GrlConfig("ganin", 1.0), 3200, 0, 8, frozen, fakeDomain, 42, false);
    }

    private static FoldTrainer trainer(MultitaskModel m, SyntheticExamples data, TrainSettings s, Path dir) {
        return FoldTrainerTest.trainer(m, data, s, dir);
    }

    private static Map<String, INDArray> snapshot(MultitaskModel m) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String v : m.allVariables()) {
            out.put(v, m.sameDiff().getVariable(v).getArr().dup());
        }
        return out;
    }

    @Test
    void everyUtteranceOfAStep2BatchGetsTheOneFakeDomainLabel() {
        SyntheticExamples data = new SyntheticExamples(2, 3, 9);
        MultitaskModel m = MultitaskModelTest.model(1, false);
        List<Example> items = data.fold(1).train().subList(0, 12);
        assertTrue(items.stream().map(Example::domain).distinct().count() > 1, "the batch mixes true domains");
        Batch b = BatchAssembler.assemble(items, InputSource.waveforms(data.source(), false), 3200, new Random(1));
        float[][] fake = Evaluator.inputs(m, b, null, FAKE).get(MultitaskModel.DOMAIN_LABEL).toFloatMatrix();
        float[][] real = Evaluator.inputs(m, b, null, null).get(MultitaskModel.DOMAIN_LABEL).toFloatMatrix();
        for (int i = 0; i < b.size(); i++) {
            float[] oneHot = new float[fake[i].length];
            oneHot[FAKE] = 1f;
            assertTrue(java.util.Arrays.equals(oneHot, fake[i]), "row " + i);
            assertEquals(1f, real[i][b.examples().get(i).domain()], "step 1 keeps the true domain, row " + i);
        }
    }

    /**
     * Step 2 starts from step 1's selected weights with the domain classifier frozen: the DC ends exactly as step 1
     * left it while the emotion classifier moves; a step-2 run crashed after step 7 and resumed ends bit-identical
     * to an uninterrupted step-2 run.
     */
    @Test
    void step2StartsFromStep1KeepsTheDomainClassifierFrozenAndResumesBitIdentically(@TempDir Path dir)
            throws Exception {
        SyntheticExamples data = new SyntheticExamples(2, 3, 9);
        MultitaskModel step1 = MultitaskModelTest.model(1, false);
        FoldTrainer.Outcome o1 = trainer(step1, data, settings("step1", Set.of("fe.conv.weight"), null),
                dir.resolve("step1")).run();
        Map<String, INDArray> step1Weights = ShardedTensors.read(o1.selectedWeights(), "model");

        Set<String> frozen = new HashSet<>(Set.of("fe.conv.weight"));
        frozen.addAll(step1.domainHeadVariables());
        assertTrue(!step1.domainHeadVariables().isEmpty());
        TrainSettings s2 = settings("step2", frozen, FAKE);

        MultitaskModel straight = MultitaskModelTest.model(1, false);
        FoldTrainer.loadInto(SystemRunner.parameters(straight), step1Weights, "step 1");
        Map<String, INDArray> start = snapshot(straight);
        trainer(straight, data, s2, dir.resolve("a")).run();
        for (String v : straight.domainHeadVariables()) {
            assertEquals(step1Weights.get(v), straight.sameDiff().getVariable(v).getArr(), v + " (frozen DC) moved");
        }
        long moved = straight.allVariables().stream().filter(v -> v.startsWith(EmotionHead.PREFIX + "."))
                .filter(v -> !start.get(v).equals(straight.sameDiff().getVariable(v).getArr())).count();
        assertTrue(moved > 0, "the emotion classifier trains in step 2");

        MultitaskModel crashed = MultitaskModelTest.model(1, false);
        FoldTrainer.loadInto(SystemRunner.parameters(crashed), step1Weights, "step 1");
        FoldTrainer crashing = trainer(crashed, data, s2, dir.resolve("b"));
        crashing.crashAfter(7);
        assertThrows(FoldTrainer.SimulatedCrash.class, crashing::run);
        MultitaskModel resumed = MultitaskModelTest.model(1, false); // a fresh process loads step 1 again
        FoldTrainer.loadInto(SystemRunner.parameters(resumed), step1Weights, "step 1");
        trainer(resumed, data, s2, dir.resolve("b")).run();
        for (String v : straight.allVariables()) {
            assertEquals(straight.sameDiff().getVariable(v).getArr(), resumed.sameDiff().getVariable(v).getArr(), v);
        }
        assertEquals(Files.readString(dir.resolve("a/metrics.jsonl")), Files.readString(dir.resolve("b/metrics.jsonl")));
    }
}
