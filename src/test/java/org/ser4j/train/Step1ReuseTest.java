package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.config.ExperimentLoader;
import org.ser4j.config.Mode;
import org.ser4j.config.ResolvedExperiment;
import org.ser4j.eval.RunLayout;
import org.ser4j.nn.heads.DomainHead;
import org.ser4j.nn.heads.EmotionHead;
import org.ser4j.util.BadInputException;

/**
 * Issue 21: fake-domain step 1 reuses another experiment's MTL fold only when that fold is the step 1 this
 * experiment would train; a missing one is an error unless {@code train.step1_system: in-fold}.
 */
class Step1ReuseTest {
    private static Path yaml(Path dir, String name, String modes, String step1, String trainExtra) throws Exception {
        Path manifest = dir.resolve("corpus/manifest.csv");
        if (!Files.isRegularFile(manifest)) {
            SystemRunnerTest.writeCorpus(dir.resolve("corpus"), new SyntheticExamples(2, 2, 5));
        }
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, String.join("\n", "name: " + name, "seed: 7", "trials: 1", "folds: [1]",
                "modes: [" + modes + "]", "runs_dir: " + dir.resolve("runs"),
                "data: {corpora: [{manifest: " + manifest + "}], max_train_seconds: 0.2}",
                "model: {encoder: tiny, freeze_feature_encoder: true, head_width: 6}",
                "train: {steps: 4, fake_steps: 4, batch_size: 4, grad_accum: 1, lr_encoder: 1.0e-3, lr_heads: 1.0e-2,",
                "        eval_every: 2, checkpoint_every: 2, progress: false" + step1 + trainExtra + "}", ""));
        return file;
    }

    private static SystemRunner runner(Path dir, Path yaml, List<String> overrides) throws Exception {
        ResolvedExperiment exp = new ExperimentLoader(Map.of()).load(yaml, overrides);
        return new SystemRunner(exp, ExperimentData.load(exp.config().data(), dir), SystemRunnerTest.tinyProvider(),
                dir, null);
    }

    private static Map<String, INDArray> weights(Path foldDir) throws Exception {
        return ModelDirectoryExporter.readWeights(foldDir.resolve("model"));
    }

    @Test
    void aMissingStep1SystemIsAnErrorUnlessInFoldIsAskedFor(@TempDir Path dir) throws Exception {
        SystemRunner missing = runner(dir, yaml(dir, "fake", "fake-EM", "", ""), List.of());
        BadInputException e = assertThrows(BadInputException.class, () -> missing.runSystem(Mode.FAKE_EM, 1));
        assertTrue(e.getMessage().contains("needs the finished MTL fold") && e.getMessage().contains("in-fold"),
                e.getMessage());

        SystemRunner inFold = runner(dir, yaml(dir, "fake-in-fold", "fake-EM", ", step1_system: in-fold", ""),
                List.of());
        inFold.runSystem(Mode.FAKE_EM, 1);
        Path fd = inFold.systemDir(Mode.FAKE_EM, 1).resolve("fold-1");
        assertTrue(ModelDirectoryExporter.hasWeights(fd.resolve(RunLayout.STEP1).resolve(RunLayout.MODEL)));
    }

    @Test
    void anotherExperimentsMtlFoldIsReusedOnlyUnderTheSameStep1Config(@TempDir Path dir) throws Exception {
        SystemRunner mtl = runner(dir, yaml(dir, "multi", "mtl", "", ", embeddings: true"), List.of());
        mtl.runSystem(Mode.MTL, 1);
        Path mtlSystem = mtl.systemDir(Mode.MTL, 1).getParent();
        Path fake = yaml(dir, "fake", "fake-EM", ", step1_system: " + mtlSystem, "");

        SystemRunner changed = runner(dir, fake, List.of("train.lr_heads=0.02", "model.head_width=7"));
        BadInputException e = assertThrows(BadInputException.class, () -> changed.runSystem(Mode.FAKE_EM, 1));
        assertTrue(e.getMessage().contains("model.head_width: 6 -> 7"), e.getMessage());
        assertTrue(e.getMessage().contains("train.lr_heads: 0.01 -> 0.02"), e.getMessage());
        SystemRunner otherSeed = runner(dir, fake, List.of("seed=8"));
        BadInputException s = assertThrows(BadInputException.class, () -> otherSeed.runSystem(Mode.FAKE_EM, 1));
        assertTrue(s.getMessage().contains("fold seed") && s.getMessage().contains("seed: 7 -> 8"), s.getMessage());

        // name, embeddings and fake_steps differ, which step 1 does not depend on: reused
        SystemRunner same = runner(dir, fake, List.of("train.fake_steps=3"));
        same.runSystem(Mode.FAKE_EM, 1);
        Map<String, INDArray> step1 = weights(mtl.systemDir(Mode.MTL, 1).resolve("fold-1"));
        Map<String, INDArray> step2 = weights(same.systemDir(Mode.FAKE_EM, 1).resolve("fold-1"));
        List<String> domainHead = new ArrayList<>();
        List<String> emotionHead = new ArrayList<>();
        for (String n : step1.keySet()) {
            if (n.startsWith(DomainHead.PREFIX + ".")) {
                domainHead.add(n);
            } else if (n.startsWith(EmotionHead.PREFIX + ".")) {
                emotionHead.add(n);
            }
        }
        assertTrue(!domainHead.isEmpty() && !emotionHead.isEmpty());
        // step 2 started from the MTL fold's weights and kept its domain classifier frozen: bit-identical DC
        for (String n : domainHead) {
            assertEquals(step1.get(n), step2.get(n), n);
        }
        assertTrue(emotionHead.stream().anyMatch(n -> !step1.get(n).equals(step2.get(n))), "EC trained in step 2");
    }
}
