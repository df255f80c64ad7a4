package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.config.ExperimentLoader;
import org.ser4j.config.Mode;
import org.ser4j.config.ResolvedExperiment;
import org.ser4j.config.Selection;
import org.ser4j.nn.hubert.HubertConfig;

/**
 * What a fold run takes from earlier work of the same process instead of recomputing it must be exactly what it
 * would have computed: the trainer's evaluations of the selected step stand in for the final evaluation, and the
 * fixed pooled statistics of one mode's fold run serve the other modes of the same trial and fold. Fold runs that
 * share a process must therefore produce the same files, byte for byte, as fold runs in separate processes.
 */
class FoldRunReuseTest {
    private static final HubertConfig CFG = HubertConfig.tinyLarge();

    /** The trainer's evaluations of the selected step equal a fresh evaluation of the selected weights. */
    @Test
    void selectedEvaluationsEqualAFreshEvaluationOfTheSelectedWeights(@TempDir Path dir) throws Exception {
        SyntheticExamples data = new SyntheticExamples(2, 2, 3);
        HubertEncoderFactory ef = new HubertEncoderFactory(CFG, null, 4).withConvFeatureInput();
        ModelSpec spec = new ModelSpec(MultitaskModelTest.EMO, MultitaskModelTest.DOM, 16, false, 1, 9, true);
        MultitaskModel m = MultitaskModel.build(ef, spec);
        Map<String, INDArray> cnn = m.featureEncoderWeights();
        ConvFeatureCache cache = ConvFeatureCache.of(CFG, cnn, data.examples, data.source(), true, "reuse", null);
        FoldData all = data.fold(1);
        List<Example> train = new ArrayList<>();
        List<Example> dev = new ArrayList<>();
        for (Example e : all.train()) {
            (e.speaker().startsWith("D0") ? dev : train).add(e);
        }
        FoldData fold = new FoldData(1, train, dev, all.test());
        TrainSettings s = new TrainSettings("train", 6, 4, 1, 1e-3, 1e-2, 0.0, 0.01, 1.0, 2, 0, Selection.TEST,
                org.ser4j.config.GrlConfig.defaults(), 8000, 0, 8, Set.copyOf(m.encoder().featureEncoderVariables()),
                null, 1, true);
        FoldTrainer.Outcome o = new FoldTrainer(m, fold, cache, s, dir.resolve("fold"),
                new ModelDirectoryExporter(ef, spec, true, null), null).run();
        assertEquals(Set.of("test", "dev"), o.selectedEvaluations().keySet());

        MultitaskModel fresh = MultitaskModel.build(ef, spec);
        FoldTrainer.loadInto(SystemRunner.parameters(fresh), ShardedTensors.read(o.selectedWeights(), "model"), "best");
        Evaluator ev = new Evaluator(fresh, cache, s.evalBatchSize(), s.maxEvalSamples());
        for (String split : List.of("test", "dev")) {
            EvalResult kept = o.selectedEvaluations().get(split);
            EvalResult again = ev.evaluate(split, split.equals("test") ? fold.test() : fold.dev(), true);
            assertEquals(again.examples(), kept.examples());
            assertExactlyEqual(again.emotionLogits(), kept.emotionLogits(), split + " emotion logits");
            assertExactlyEqual(again.domainLogits(), kept.domainLogits(), split + " domain logits");
            assertExactlyEqual(again.embeddings(), kept.embeddings(), split + " embeddings");
            assertEquals(again.uar(), kept.uar());
            assertEquals(again.lossEmo(), kept.lossEmo());
            assertEquals(again.lossDom(), kept.lossDom());
        }
    }

    /**
     * Vanilla and MTL systems of one trial in one process (the MTL fold runs reuse the vanilla fold runs' pooled
     * statistics) write the same files as each system run alone in a fresh process.
     */
    @Test
    void foldRunsInOneProcessEqualFoldRunsInSeparateProcesses(@TempDir Path dir) throws Exception {
        Path manifest = SystemRunnerTest.writeCorpus(dir.resolve("corpus"), new SyntheticExamples(3, 2, 5));
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, String.join("\n",
                "name: reuse-test",
                "scale: demo",
                "seed: 11",
                "trials: 1",
                "folds: [1, 2]",
                "modes: [vanilla, mtl]",
                "runs_dir: runs",
                "data:",
                "  corpora: [{manifest: " + manifest + "}]",
                "  dev_speakers: 1",
                "  max_train_seconds: 0.2",
                "model: {encoder: tiny, freeze_feature_encoder: true, head_width: 6, conv_feature_cache: true,",
                "        standardize_pooled: true, pooled_statistics: fixed, encoder_regularization: false}",
                "train: {steps: 4, batch_size: 4, grad_accum: 1, lr_encoder: 1.0e-3, lr_heads: 1.0e-2,",
                "        warmup_ratio: 0.25, weight_decay: 0.01, clip_norm: 1.0, eval_every: 2, checkpoint_every: 0,",
                "        selection: test, embeddings: true, eval_batch_size: 8, progress: false}",
                ""));
        ResolvedExperiment exp = new ExperimentLoader(Map.of()).load(yaml, List.of());
        ExperimentData data = ExperimentData.load(exp.config().data(), dir);

        // one process: both systems through one runner
        Path shared = dir.resolve("shared");
        Files.createDirectories(shared);
        freshProcess();
        SystemRunner runner = new SystemRunner(exp, data, HubertEncoderFactory.provider(exp.config().model(), dir),
                shared, null);
        long hits = PooledStatisticsMemo.hits();
        for (SystemRunner.SystemId s : runner.systems()) {
            runner.runSystem(s.mode(), s.trial());
        }
        assertEquals(2, PooledStatisticsMemo.hits() - hits, "the MTL fold runs reuse the vanilla fold runs' statistics");

        // separate processes: each system alone, nothing kept in memory
        Path alone = dir.resolve("alone");
        for (String mode : List.of("mtl", "vanilla")) {
            Files.createDirectories(alone.resolve(mode));
            freshProcess();
            new SystemRunner(exp, data, HubertEncoderFactory.provider(exp.config().model(), dir), alone.resolve(mode),
                    null).runSystem(Mode.parse(mode), 1);
        }
        for (String mode : List.of("vanilla", "mtl")) {
            Path a = shared.resolve("runs/reuse-test").resolve(mode).resolve("trial-1");
            Path b = alone.resolve(mode).resolve("runs/reuse-test").resolve(mode).resolve("trial-1");
            List<String> files = new ArrayList<>(List.of("predictions.csv"));
            for (int k = 1; k <= 2; k++) {
                for (String f : List.of("predictions.csv", "metrics.jsonl", "model/model.safetensors",
                        "model/ser4j-model.json", "model/config.json", "checkpoint/model.safetensors",
                        "checkpoint/optimizer.safetensors")) {
                    files.add("fold-" + k + "/" + f);
                }
            }
            try (Stream<Path> emb = Files.list(a.resolve("embeddings"))) {
                emb.forEach(p -> files.add("embeddings/" + p.getFileName()));
            }
            assertFalse(files.stream().noneMatch(f -> f.endsWith(".npy")), "embeddings written");
            for (String f : files) {
                assertArrayEquals(Files.readAllBytes(b.resolve(f)), Files.readAllBytes(a.resolve(f)), mode + "/" + f);
            }
            assertTrue(Files.readString(a.resolve("predictions.csv")).contains(",dev,"));
        }
    }

    private static void freshProcess() {
        PooledStatisticsMemo.clear();
        ConvFeatureCache.forgetLoaded();
    }

    private static void assertExactlyEqual(float[][] expected, float[][] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 0f, what + " row " + i);
        }
    }
}
