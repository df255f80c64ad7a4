package org.ser4j.infer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.ser4j.config.ExperimentLoader;
import org.ser4j.config.Mode;
import org.ser4j.config.ResolvedExperiment;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.train.EncoderFactory;
import org.ser4j.train.ExperimentData;
import org.ser4j.train.HubertEncoderFactory;
import org.ser4j.train.SystemRunner;

/**
 * A DANN system (tiny HuBERT + emotion head + domain head behind gradient reversal) trained by the real trainer for 3
 * steps on fold 1 of a {@link TinyCorpus}. Trained once per test JVM and shared by the tests that need an exported
 * model (inference, predict CLI, notebooks).
 */
public final class TrainedTinyModel {
    private static Path root;
    private static Path system;

    private TrainedTinyModel() {}

    /** Folder holding {@code corpus/} (WAVs + manifest) and {@code runs/}. */
    public static synchronized Path root() throws Exception {
        if (root == null) {
            Path dir = Files.createTempDirectory("ser4j-tiny-model");
            train(dir);
            root = dir;
        }
        return root;
    }

    /** The system folder {@code runs/infer-test/dann/trial-1}. */
    public static synchronized Path system() throws Exception {
        root();
        return system;
    }

    /** The exported model directory of fold 1. */
    public static Path model() throws Exception {
        return system().resolve("fold-1/model");
    }

    public static Path wav(String uttId) throws Exception {
        return root().resolve("corpus/wav/" + uttId + ".wav");
    }

    private static void train(Path dir) throws Exception {
        Path manifest = TinyCorpus.write(dir.resolve("corpus"), 2, 11);
        Path yaml = dir.resolve("exp.yaml");
        Files.writeString(yaml, String.join("\n",
                "name: infer-test",
                "scale: demo",
                "seed: 5",
                "trials: 1",
                "folds: [1]",
                "modes: [dann]",
                "runs_dir: " + dir.resolve("runs"),
                "data:",
                "  corpora: [{manifest: " + manifest + "}]",
                "  max_train_seconds: 0.3",
                "model: {encoder: tiny, freeze_feature_encoder: true, head_width: 8}",
                "train: {steps: 3, batch_size: 4, grad_accum: 1, lr_encoder: 1.0e-3, lr_heads: 1.0e-2,",
                "        warmup_ratio: 0.0, weight_decay: 0.0, clip_norm: 1.0, eval_every: 3, checkpoint_every: 0,",
                "        selection: test, embeddings: false, eval_batch_size: 5, progress: false}",
                ""));
        ResolvedExperiment exp = new ExperimentLoader(Map.of()).load(yaml, List.of());
        ExperimentData data = ExperimentData.load(exp.config().data(), dir);
        SystemRunner.EncoderProvider provider = new SystemRunner.EncoderProvider() {
            public EncoderFactory create(long initSeed) {
                return new HubertEncoderFactory(HubertConfig.tinyLarge(), null, initSeed);
            }

            public boolean normalize() {
                return true;
            }

            public String weightsDescription() {
                return null;
            }
        };
        SystemRunner runner = new SystemRunner(exp, data, provider, dir, null);
        runner.runSystem(Mode.DANN, 1);
        system = runner.systemDir(Mode.DANN, 1);
    }
}
